#include "core/egeot_trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace egeot {
namespace {

// Seeds torch before any member draws a random number, so a scene's seed fixes the run.
const Scene& seeded(const Scene& scene) {
  torch::manual_seed(scene.seed);
  return scene;
}

}  // namespace

EgeotTrainer::EgeotTrainer(const Scene& scene, torch::Device device)
    : scene_(seeded(scene)),
      device_(device),
      cost_(make_cost(scene.cost)),
      sampler_(scene.sampler, scene.eps, cost_),
      buffer_(scene.replay.capacity, scene.potential.dim, scene.potential.dim, device) {
  source_ = make_distribution(scene.source, "scene " + scene.name, "source");
  target_ = make_distribution(scene.target, "scene " + scene.name, "target");
  potential_ = Potential(scene.potential);
  potential_->to(device_);
  optimizer_ = std::make_unique<torch::optim::Adam>(
      potential_->parameters(),
      torch::optim::AdamOptions(scene.optimizer.lr)
          .betas({scene.optimizer.beta1, scene.optimizer.beta2}));
}

double EgeotTrainer::f_scale() const {
  return scene_.sampler.score_coef * scene_.eps / (scene_.sampler.noise * scene_.sampler.noise);
}

torch::Tensor EgeotTrainer::f(const torch::Tensor& y) {
  torch::NoGradGuard no_grad;
  return (potential_->forward(y.to(device_)) * f_scale()).to(torch::kCPU);
}

torch::Tensor EgeotTrainer::init_chains(const torch::Tensor& x) const {
  if (scene_.init.kind == "source") {
    return x + std::sqrt(scene_.eps) * torch::randn_like(x);
  }
  return scene_.init.std * torch::randn({x.size(0), scene_.potential.dim}, x.options());
}

torch::Tensor EgeotTrainer::sample_conditional(const torch::Tensor& x, int64_t steps,
                                               LangevinTrace* trace, int64_t record) {
  auto xd = x.to(device_);
  return sampler_.run(potential_, xd, init_chains(xd), steps, trace, record);
}

StepStats EgeotTrainer::step() {
  const int64_t batch = scene_.optimizer.batch;
  StepStats stats;

  // 1. fresh source points and target samples
  auto y_pos = target_->sample(batch).to(device_);
  // Persistent chains are replayed once the buffer is full, never more than it holds.
  const bool persistent = scene_.replay.mode == "persistent";
  int64_t n_replay = 0;
  if (buffer_.size() > 0 && scene_.replay.probability > 0 &&
      (!persistent || buffer_.size() == buffer_.capacity())) {
    n_replay = (torch::rand({batch}) < scene_.replay.probability).sum().item<int64_t>();
    if (persistent) n_replay = std::min(n_replay, buffer_.size());
  }
  auto x_fresh = source_->sample(batch - n_replay).to(device_);
  torch::Tensor x = x_fresh, y_init = init_chains(x_fresh), slots;
  if (n_replay > 0) {
    torch::Tensor y_old, x_old;
    if (persistent) {
      auto taken = buffer_.take(n_replay);
      y_old = taken.y;
      x_old = taken.x;
      slots = taken.slots;
    } else {
      std::tie(y_old, x_old) = buffer_.sample(n_replay);
    }
    x = torch::cat({x_old, x_fresh});
    y_init = torch::cat({y_old, y_init});
  }

  // 2. negatives by Langevin from the chains' starts; the chains go back to the buffer
  auto y_neg = sampler_.run(potential_, x, y_init, &stats.sampler);
  if (persistent) {
    if (n_replay > 0) buffer_.write_back(slots, y_neg.slice(0, 0, n_replay));
    if (n_replay < batch) buffer_.push(y_neg.slice(0, n_replay), x_fresh);
  } else {
    buffer_.push(y_neg, x);
  }

  // 3. ascend the dual: minimise mean g(y-) - mean g(y+)
  potential_->train();
  optimizer_->zero_grad();
  auto g = potential_->forward(torch::cat({y_neg, y_pos}));
  auto g_neg = g.slice(0, 0, batch).mean();
  auto g_pos = g.slice(0, batch).mean();
  auto loss = g_neg - g_pos;
  loss.backward();
  optimizer_->step();

  const double scale = f_scale();
  stats.f_neg = g_neg.item<double>() * scale;
  stats.f_pos = g_pos.item<double>() * scale;
  stats.loss = stats.f_neg - stats.f_pos;
  stats.replayed = static_cast<double>(n_replay) / batch;
  stats.iteration = ++iteration_;
  return stats;
}

}  // namespace egeot
