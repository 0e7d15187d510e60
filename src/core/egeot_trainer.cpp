#include "core/egeot_trainer.h"

#include "core/error.h"
#include "core/scene_cost.h"

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
    : scene_(seeded(scene)),
      device_(device),
      source_(make_distribution(scene.source, "scene " + scene.name, "source")),
      target_(make_distribution(scene.target, "scene " + scene.name, "target")),
      cost_(cost ? std::move(cost) : make_scene_cost(scene, device)),
      sampler_(scene.sampler, scene.eps, cost_,
               scene.potential.eps_range.active() ? scene.potential.eps_range.knee : 0.0),
      buffer_(scene.replay.capacity, scene.potential.dim, source_->dim(), device,
              scene.potential.eps_range.active()) {
  // The distributions drew no random numbers, and the generator is loaded, not drawn:
  // reseed so a run does not depend on whether the generator was fitted just now.
  torch::manual_seed(scene.seed);
  potential_ = Potential(scene.potential);
  potential_->to(device_);
  optimizer_ = std::make_unique<torch::optim::Adam>(
      potential_->parameters(),
      torch::optim::AdamOptions(scene.optimizer.lr)
          .betas({scene.optimizer.beta1, scene.optimizer.beta2}));
  if (scene.optimizer.ema > 0) average_ = std::make_unique<WeightAverage>(scene.optimizer.ema, potential_);
}

double EgeotTrainer::f_scale() const { return f_scale(scene_.eps); }

double EgeotTrainer::f_scale(double eps) const {
  const auto& s = scene_.sampler;
  // Single eps: g = sigma^2/(s eps) f. Conditioned: the same with sigma(eps)^2 =
  // sigma^2 eps/(eps + knee), i.e. f = s (eps + knee)/sigma^2 g (eps_conditioning.h).
  const double eps_term = eps_conditioned() ? eps + scene_.potential.eps_range.knee : eps;
  return s.score_coef * eps_term / (s.noise * s.noise);
}

std::pair<double, double> EgeotTrainer::eps_range() const {
  if (!eps_conditioned()) return {scene_.eps, scene_.eps};
  return {scene_.potential.eps_range.min, scene_.potential.eps_range.max};
}

void EgeotTrainer::check_eps(double eps, const std::string& what) const {
  std::ostringstream msg;
  msg << what << " " << eps << ": ";
  if (!(std::isfinite(eps) && eps > 0)) {
    msg << "expected a finite number > 0";
  } else if (eps_conditioned()) {
    if (scene_.potential.eps_range.contains(eps)) return;
    msg << "outside the trained range " << scene_.potential.eps_range.text();
  } else {
    if (std::abs(eps - scene_.eps) <= 1e-9 * scene_.eps) return;
    msg << "the model was trained at eps " << scene_.eps
        << " only (train with an eps range, e.g. --eps-range, for a dial)";
  }
  throw InputError(msg.str());
}

void EgeotTrainer::set_eps(double eps, const std::string& what) {
  check_eps(eps, what);
  if (!eps_conditioned()) return;
  scene_.eps = eps;
  sampler_ = LangevinSampler(scene_.sampler, eps, cost_, sampler_.eps_knee());
}

double EgeotTrainer::clamp_eps(double eps) const {
  const auto [lo, hi] = eps_range();
  return std::min(std::max(eps, lo), hi);
}

torch::Tensor EgeotTrainer::f(const torch::Tensor& y) { return f(y, scene_.eps); }

torch::Tensor EgeotTrainer::f(const torch::Tensor& y, double eps) {
  check_eps(eps);
  torch::NoGradGuard no_grad;
  auto yd = y.to(device_);
  auto& model = model_potential();
  auto g = eps_conditioned() ? model->forward(yd, torch::full({yd.size(0)}, eps, yd.options()))
                             : model->forward(yd);
  return (g * f_scale(eps)).to(torch::kCPU);
}

torch::Tensor EgeotTrainer::init_chains(const torch::Tensor& x) const {
  if (scene_.init.kind == "source") {
    return x + std::sqrt(scene_.eps) * torch::randn_like(x);
  }
  return scene_.init.std * torch::randn({x.size(0), scene_.potential.dim}, x.options());
}

torch::Tensor EgeotTrainer::init_chains(const torch::Tensor& x, const torch::Tensor& eps) const {
  if (scene_.init.kind == "source") {
    return x + torch::sqrt(eps).unsqueeze(1).to(x.scalar_type()) * torch::randn_like(x);
  }
  return scene_.init.std * torch::randn({x.size(0), scene_.potential.dim}, x.options());
}

torch::Tensor EgeotTrainer::sample_conditional(const torch::Tensor& x, int64_t steps,
                                               LangevinTrace* trace, int64_t record) {
  auto xd = x.to(device_);
  return sampler_.run(model_potential(), xd, init_chains(xd), steps, trace, record);
}

torch::Tensor EgeotTrainer::sample_conditional(const torch::Tensor& x, int64_t steps, double eps,
                                               LangevinTrace* trace, int64_t record, const EpsAnneal& anneal) {
  check_eps(eps);
  if (!eps_conditioned()) return sample_conditional(x, steps, trace, record);
  auto xd = x.to(device_);
  auto e = torch::full({xd.size(0)}, eps, xd.options());
  return sampler_.run(model_potential(), xd, init_chains(xd, e), e, steps, trace, record, anneal);
}

torch::Tensor EgeotTrainer::sample_conditional_from(const torch::Tensor& x, const torch::Tensor& y0,
                                                    int64_t steps, double eps, const EpsAnneal& anneal) {
  check_eps(eps);
  auto xd = x.to(device_);
  auto yd = y0.to(device_);
  if (!eps_conditioned()) return sampler_.run(model_potential(), xd, yd, steps);
  auto e = torch::full({xd.size(0)}, eps, xd.options());
  return sampler_.run(model_potential(), xd, yd, e, steps, nullptr, 0, anneal);
}

EpsAnneal EgeotTrainer::fresh_anneal(int64_t steps, double share) const {
  EpsAnneal a;
  if (!eps_conditioned() || !(share > 0)) return a;
  a.from = scene_.potential.eps_range.max;
  a.steps = std::max<int64_t>(1, static_cast<int64_t>(std::lround(share * static_cast<double>(steps))));
  return a;
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
  // Conditioned: each fresh chain draws its eps log-uniformly in the range.
  const bool conditioned = eps_conditioned();
  torch::Tensor eps_fresh, eps;
  if (conditioned) eps = eps_fresh = log_uniform_eps(batch - n_replay, scene_.potential.eps_range, device_);
  torch::Tensor x = x_fresh, y_init = conditioned ? init_chains(x_fresh, eps_fresh) : init_chains(x_fresh), slots;
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
  auto y_neg = conditioned ? sampler_.run(potential_, x, y_init, eps, scene_.sampler.steps, &stats.sampler)
                           : sampler_.run(potential_, x, y_init, &stats.sampler);
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
  // One transfer for the figures the step reports and the guard reads (no sync per value).
  torch::Tensor grad_sq = torch::zeros({}, g.options());
  for (const auto& p : potential_->parameters()) {
    if (p.grad().defined()) grad_sq = grad_sq + p.grad().pow(2).sum();
  }
  auto health = torch::stack({g_neg.detach(), g_pos.detach(), y_neg.norm(2, -1).max(), grad_sq.sqrt()})
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

  if (conditioned) {
    // True units per chain: f = s (eps + knee)/sigma^2 g.
    torch::NoGradGuard no_grad;
    const auto& smp = scene_.sampler;
    auto scale = (smp.score_coef / (smp.noise * smp.noise)) * (eps + scene_.potential.eps_range.knee);
    auto scale2 = torch::cat({scale, scale});
    auto f_all = g.detach() * scale2;
    stats.f_neg = f_all.slice(0, 0, batch).mean().item<double>();
    stats.f_pos = f_all.slice(0, batch).mean().item<double>();
  } else {
    const double scale = f_scale();
    stats.f_neg = h[0] * scale;
    stats.f_pos = h[1] * scale;
  }
  stats.loss = stats.f_neg - stats.f_pos;
  stats.replayed = static_cast<double>(n_replay) / batch;
  stats.iteration = ++iteration_;
  return stats;
}

}  // namespace egeot
