#include "bench/sampler_bench.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <numeric>

namespace egeot {
namespace {

double sampler_bench_median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

double process_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return 1e3 * static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_nsec);
}

}  // namespace

SamplerBenchResult run_sampler_bench(EgeotModel& model, const SamplerBenchOptions& o,
                                     const std::function<void(int64_t, int64_t)>& round_done) {
  const LangevinSettings original = model.scene().sampler;
  SamplerBenchResult r;
  r.scene = model.scene().name;
  r.chains = o.chains > 0 ? o.chains : model.scene().optimizer.batch;
  r.steps = o.steps;
  r.rounds = o.rounds;
  const std::vector<std::string> kinds = {"ula", "mala", "hmc"};
  std::vector<LangevinSettings> kernels;
  for (const auto& kind : kinds) {
    auto k = original;
    k.kind = kind;
    k.target_accept = 0;  // a fixed step: adaptation would change the cost it measures
    if (o.leapfrog > 0) k.leapfrog = o.leapfrog;
    kernels.push_back(k);
  }
  torch::manual_seed(0);
  auto x = model.source().sample(r.chains).to(model.device());
  auto y0 = model.init_chains(x);

  // Untimed: one traced run each for acceptance and gradient counts (and to warm caches).
  for (size_t i = 0; i < kinds.size(); ++i) {
    model.set_sampler_kernel(kernels[i]);
    LangevinTrace trace;
    model.sampler().run(model.potential(), x, y0, r.steps, &trace);
    SamplerTiming t;
    t.kind = kinds[i];
    t.leapfrog = kinds[i] == "hmc" ? kernels[i].leapfrog : 0;
    t.gradients_per_step =
        static_cast<double>(trace.gradient_evaluations) / static_cast<double>(r.steps);
    if (!trace.acceptance.empty()) {
      t.acceptance = std::accumulate(trace.acceptance.begin(), trace.acceptance.end(), 0.0) /
                     static_cast<double>(trace.acceptance.size());
    }
    r.rows.push_back(t);
  }
  std::vector<std::vector<double>> ms(kinds.size()), cpu_ms(kinds.size());
  for (int64_t round = 0; round < r.rounds; ++round) {
    for (size_t i = 0; i < kinds.size(); ++i) {
      model.set_sampler_kernel(kernels[i]);
      const auto start = std::chrono::steady_clock::now();
      const double cpu_start = process_cpu_ms();
      auto y = model.sampler().run(model.potential(), x, y0, r.steps);
      if (y.is_cuda()) torch::cuda::synchronize();
      const double total =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      ms[i].push_back(total / static_cast<double>(r.steps));
      cpu_ms[i].push_back((process_cpu_ms() - cpu_start) / static_cast<double>(r.steps));
    }
    if (round_done) round_done(round + 1, r.rounds);
  }
  model.set_sampler_kernel(original);
  for (size_t i = 0; i < kinds.size(); ++i) {
    auto& t = r.rows[i];
    t.ms_per_step = sampler_bench_median(ms[i]);
    t.ms_per_gradient = t.ms_per_step / t.gradients_per_step;
    t.cpu_ms_per_step = sampler_bench_median(cpu_ms[i]);
    t.cpu_ms_per_gradient = t.cpu_ms_per_step / t.gradients_per_step;
  }
  return r;
}

}  // namespace egeot
