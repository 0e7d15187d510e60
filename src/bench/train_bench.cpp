#include "bench/train_bench.h"

#include "base/error.h"
#include "base/median.h"
#include "core/scenes/scene_cost.h"
#include "core/train/divergence_guard.h"
#include "core/train/egeot_trainer.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <memory>

namespace egeot {
namespace {

using Clock = std::chrono::steady_clock;

// Kernels on a GPU run behind the host: a time read before they finish measures nothing.
void sync(torch::Device device) {
  if (device.is_cuda()) torch::cuda::synchronize();
}

// The matrix products one sampler step does, as the fused gradient does them
// (fused_gradient.cpp): forward through the hidden layers (the output layer's value is not
// needed for the gradient), then the input gradient back through them.
class SamplerGemms {
 public:
  SamplerGemms(int64_t n, int64_t dim, const std::vector<int64_t>& widths, torch::Device device) {
    const auto options = torch::TensorOptions().dtype(torch::kFloat32).device(device);
    int64_t in = dim;
    for (auto w : widths) {
      weights_.push_back(torch::randn({w, in}, options) / std::sqrt(double(in)));
      biases_.push_back(torch::randn({w}, options));
      pre_.push_back(torch::empty({n, w}, options));
      delta_.push_back(torch::randn({n, w}, options));
      flops_ += 2.0 * n * in * w;  // forward
      flops_ += 2.0 * n * w * in;  // input gradient
      in = w;
    }
    y_ = torch::randn({n, dim}, options);
    grad_ = torch::empty({n, dim}, options);
  }
  double flops() const { return flops_; }
  void step() {
    const torch::Tensor* h = &y_;
    for (size_t l = 0; l < weights_.size(); ++l) {
      at::addmm_out(pre_[l], biases_[l], *h, weights_[l].t());
      h = &pre_[l];
    }
    for (size_t l = weights_.size() - 1; l > 0; --l)
      at::mm_out(delta_[l - 1], delta_[l], weights_[l]);
    at::mm_out(grad_, delta_[0], weights_[0]);
  }

 private:
  std::vector<torch::Tensor> weights_, biases_, pre_, delta_;
  torch::Tensor y_, grad_;
  double flops_ = 0;
};

struct Engine {
  std::unique_ptr<EgeotTrainer> trainer;
  std::unique_ptr<DivergenceGuard> guard;
};

Engine make_engine(Scene scene, const std::string& gradient, torch::Device device) {
  scene.sampler.gradient = gradient;
  Engine e;
  e.trainer = std::make_unique<EgeotTrainer>(scene, device, make_scene_cost(scene, device));
  e.guard = std::make_unique<DivergenceGuard>(*e.trainer);
  return e;
}

// Seconds per training step over n steps.
double time_steps(Engine& e, int64_t n, torch::Device device) {
  sync(device);
  const auto t0 = Clock::now();
  for (int64_t i = 0; i < n; ++i) {
    StepStats stats;
    if (auto d = e.guard->step(stats)) {
      throw InputError("bench train: " + e.trainer->scene().name + " (" +
                       e.trainer->scene().sampler.gradient + " gradient): " + d->message());
    }
  }
  sync(device);
  return std::chrono::duration<double>(Clock::now() - t0).count() / double(n);
}

// Seconds per sampler run of the training step's shape, with the live weights and a trace
// (the trainer records one every step).
double time_sampler(Engine& e, int64_t n, torch::Device device) {
  auto& model = e.trainer->model();
  const int64_t batch = e.trainer->scene().optimizer.batch;
  auto x = model.source().sample(batch).to(device);
  auto y0 = model.init_chains(x);
  sync(device);
  const auto t0 = Clock::now();
  for (int64_t i = 0; i < n; ++i) {
    LangevinTrace trace;
    auto y = model.sampler().run(e.trainer->potential(), x, y0, &trace);
    (void)y;
  }
  sync(device);
  return std::chrono::duration<double>(Clock::now() - t0).count() / double(n);
}

double time_gemms(SamplerGemms& gemms, int64_t n, torch::Device device) {
  torch::NoGradGuard no_grad;
  sync(device);
  const auto t0 = Clock::now();
  for (int64_t i = 0; i < n; ++i) gemms.step();
  sync(device);
  return std::chrono::duration<double>(Clock::now() - t0).count() / double(n);
}

}  // namespace

TrainBenchResult run_train_bench(const Scene& scene, torch::Device device,
                                 const TrainBenchOptions& o,
                                 const std::function<void(int64_t, int64_t)>& progress) {
  if (scene.image_scene())
    throw InputError("bench train: --scene " + scene.name + ": expected a point scene");
  if (scene.potential.eps_range.active()) {
    throw InputError(
        "bench train: --scene " + scene.name +
        ": eps-conditioned potentials have no fused gradient; expected a single-eps scene");
  }
  if (o.iters < 1 || o.blocks < 1)
    throw InputError("bench train: --iters and --blocks: expected integers >= 1");
  TrainBenchResult r;
  r.scene = scene.name;
  r.batch = scene.optimizer.batch;
  r.steps = scene.sampler.steps;
  r.widths = scene.potential.widths;
  r.blocks = o.blocks;
  r.iters_per_block = std::max<int64_t>(1, o.iters / o.blocks);
  const int64_t sampler_runs = std::max<int64_t>(1, r.iters_per_block / 2);

  Engine fused = make_engine(scene, "fused", device);
  Engine autograd = make_engine(scene, "autograd", device);
  SamplerGemms gemms(r.batch, scene.potential.dim, r.widths, device);
  r.sampler_gflop = gemms.flops() * double(r.steps) / 1e9;

  // Warm-up: allocators, BLAS buffers, the first chains.
  const int64_t warm = std::max<int64_t>(2, r.iters_per_block / 4);
  time_steps(fused, warm, device);
  time_steps(autograd, warm, device);
  time_gemms(gemms, r.steps, device);

  std::vector<double> step_f, step_a, smp_f, smp_a, gemm;
  for (int64_t b = 0; b < o.blocks; ++b) {
    // Alternate which goes first, so a slow start or end of a block falls on both.
    auto run_fused = [&] {
      step_f.push_back(time_steps(fused, r.iters_per_block, device));
      smp_f.push_back(time_sampler(fused, sampler_runs, device));
    };
    auto run_autograd = [&] {
      step_a.push_back(time_steps(autograd, r.iters_per_block, device));
      smp_a.push_back(time_sampler(autograd, sampler_runs, device));
    };
    if (b % 2 == 0) {
      run_fused();
      run_autograd();
    } else {
      run_autograd();
      run_fused();
    }
    gemm.push_back(time_gemms(gemms, sampler_runs * r.steps, device));
    if (progress) progress(b + 1, o.blocks);
  }
  auto fastest = [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); };
  r.gemm_gflops = gemms.flops() / median(gemm) / 1e9;
  r.best_gemm_gflops = gemms.flops() / fastest(gemm) / 1e9;
  auto fill = [&](GradientTiming& t, const char* name, const std::vector<double>& step,
                  const std::vector<double>& smp) {
    t.gradient = name;
    t.ms_per_it = 1e3 * median(step);
    t.sampler_ms = 1e3 * median(smp);
    t.fraction = (r.sampler_gflop / r.gemm_gflops) / (t.sampler_ms / 1e3);
    t.best_ms_per_it = 1e3 * fastest(step);
    t.best_sampler_ms = 1e3 * fastest(smp);
    t.best_fraction = (r.sampler_gflop / r.best_gemm_gflops) / (t.best_sampler_ms / 1e3);
  };
  fill(r.fused, "fused", step_f, smp_f);
  fill(r.autograd, "autograd", step_a, smp_a);
  return r;
}

}  // namespace egeot
