#include "core/train/egeot_trainer.h"

#include "base/error.h"
#include "core/scenes/scene_cost.h"
#include "core/train/lr_schedule.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <tuple>

namespace egeot {
namespace {

// Seeds torch before any member draws a random number, so a scene's seed fixes the run.
const Scene& seeded(const Scene& scene) {
  torch::manual_seed(scene.seed);
  return scene;
}

}  // namespace

EgeotTrainer::EgeotTrainer(const Scene& scene, torch::Device device, std::shared_ptr<const Cost> cost)
    : potential_(Potential(seeded(scene).potential)),
      model_(scene, device, cost ? std::move(cost) : make_point_cost(scene), potential_),
      buffer_(scene.replay.capacity, scene.potential.dim, model_.source().dim(), device,
              scene.potential.eps_range.active()) {
  potential_->to(device);
  optimizer_ = std::make_unique<torch::optim::Adam>(
      potential_->parameters(),
      torch::optim::AdamOptions(scene.optimizer.lr)
          .betas({scene.optimizer.beta1, scene.optimizer.beta2}));
  if (scene.optimizer.ema > 0) {
    average_ = std::make_unique<WeightAverage>(scene.optimizer.ema, potential_);
    model_.set_potential(average_->potential());
  }
}

void EgeotTrainer::set_data_parallel(int64_t shards, GradientReducer reduce) {
  const Scene& scene = model_.scene();
  if (shards < 1 || scene.optimizer.batch % shards != 0) {
    throw InputError("optimizer.batch " + std::to_string(scene.optimizer.batch) +
                     ": must divide into " + std::to_string(shards) + " equal shards");
  }
  shards_ = shards;
  reduce_gradients_ = std::move(reduce);
  // Each shard keeps its part of the chains, the scene's capacity in all.
  const int64_t capacity = (scene.replay.capacity + shards - 1) / shards;
  buffer_ = ReplayBuffer(capacity, scene.potential.dim, model_.source().dim(), device(),
                         scene.potential.eps_range.active());
}

StepStats EgeotTrainer::step() {
  const Scene& scene = model_.scene();
  const int64_t batch = scene.optimizer.batch / shards_;  // this shard's part of the batch
  StepStats stats;
  if (scene.optimizer.lr_final > 0) set_learning_rate(*optimizer_, learning_rate_at(scene.optimizer, iteration()));

  // 1. fresh source points and target samples
  auto y_pos = model_.target().sample(batch).to(device());
  // Persistent chains are replayed once the buffer is full, never more than it holds.
  const bool persistent = scene.replay.mode == "persistent";
  int64_t n_replay = 0;
  if (buffer_.size() > 0 && scene.replay.probability > 0 &&
      (!persistent || buffer_.size() == buffer_.capacity())) {
    n_replay = (torch::rand({batch}) < scene.replay.probability).sum().item<int64_t>();
    if (persistent) n_replay = std::min(n_replay, buffer_.size());
  }
  auto x_fresh = model_.source().sample(batch - n_replay).to(device());
  // Conditioned: each fresh chain draws its eps log-uniformly in the range.
  const bool conditioned = model_.eps_conditioned();
  torch::Tensor eps_fresh, eps;
  if (conditioned) eps = eps_fresh = log_uniform_eps(batch - n_replay, scene.potential.eps_range, device());
  torch::Tensor x = x_fresh, y_init = conditioned ? model_.init_chains(x_fresh, eps_fresh) : model_.init_chains(x_fresh), slots;
  if (n_replay > 0) {
    torch::Tensor y_old, x_old, eps_old;
    if (persistent) {
      auto taken = buffer_.take(n_replay);
      y_old = taken.y;
      x_old = taken.x;
      slots = taken.slots;
      eps_old = taken.eps;
    } else if (conditioned) {
      auto drawn = buffer_.sample_chains(n_replay);
      y_old = drawn.y;
      x_old = drawn.x;
      eps_old = drawn.eps;
    } else {
      std::tie(y_old, x_old) = buffer_.sample(n_replay);
    }
    x = torch::cat({x_old, x_fresh});
    y_init = torch::cat({y_old, y_init});
    if (conditioned) eps = torch::cat({eps_old, eps_fresh});
  }

  // 2. negatives by Langevin from the chains' starts; the chains go back to the buffer
  auto y_neg = conditioned ? model_.sampler().run(potential_, x, y_init, eps, scene.sampler.steps, &stats.sampler)
                           : model_.sampler().run(potential_, x, y_init, &stats.sampler);
  if (persistent) {
    if (n_replay > 0) buffer_.write_back(slots, y_neg.slice(0, 0, n_replay));
    if (n_replay < batch) buffer_.push(y_neg.slice(0, n_replay), x_fresh, eps_fresh);
  } else {
    buffer_.push(y_neg, x, eps);
  }

  // 3. ascend the dual: minimise mean g(y-) - mean g(y+); conditioned, the sum of the duals
  //    over the batch's eps, each positive paired with a chain's eps
  potential_->train();
  optimizer_->zero_grad();
  auto g = conditioned ? potential_->forward(torch::cat({y_neg, y_pos}), torch::cat({eps, eps}))
                       : potential_->forward(torch::cat({y_neg, y_pos}));
  auto g_neg = g.slice(0, 0, batch).mean();
  auto g_pos = g.slice(0, batch).mean();
  auto loss = g_neg - g_pos;
  loss.backward();
  // Data-parallel: every shard continues with the mean gradient, so all take the same step.
  if (reduce_gradients_) reduce_gradients_(potential_->parameters());
  // One transfer for the figures the step reports and the guard reads (no sync per value).
  torch::Tensor grad_sq = torch::zeros({}, g.options());
  for (const auto& p : potential_->parameters()) {
    if (p.grad().defined()) grad_sq = grad_sq + p.grad().pow(2).sum();
  }
  // Mean f(y-), f(y+) in network units (g), or, conditioned, already in true units per
  // chain: f = s (eps + knee)/sigma^2 g. Computed here so that they travel with the rest.
  torch::Tensor f_neg_t = g_neg.detach(), f_pos_t = g_pos.detach();
  if (conditioned) {
    torch::NoGradGuard no_grad;
    const auto& smp = scene.sampler;
    auto scale = (smp.score_coef / (smp.noise * smp.noise)) * (eps + scene.potential.eps_range.knee);
    auto f_all = g.detach() * torch::cat({scale, scale});
    f_neg_t = f_all.slice(0, 0, batch).mean();
    f_pos_t = f_all.slice(0, batch).mean();
  }
  auto health = torch::stack({f_neg_t, f_pos_t, y_neg.norm(2, -1).max(), grad_sq.sqrt()})
                    .to(torch::kCPU, torch::kFloat64);
  const double* h = health.data_ptr<double>();
  stats.chain_radius = h[2];
  stats.grad_norm = h[3];
  // A non-finite gradient would make every weight NaN in one step: keep the weights.
  stats.stepped = std::isfinite(stats.grad_norm);
  if (stats.stepped) {
    optimizer_->step();
    if (average_) average_->update(potential_);
  }

  const double scale = conditioned ? 1.0 : model_.f_scale();
  stats.f_neg = h[0] * scale;
  stats.f_pos = h[1] * scale;
  stats.loss = stats.f_neg - stats.f_pos;
  stats.replayed = static_cast<double>(n_replay) / batch;
  stats.iteration = iteration() + 1;
  set_iteration(stats.iteration);
  return stats;
}

}  // namespace egeot
