#include "core/train/divergence_guard.h"

#include "core/nets/rng_kept.h"

#include "core/train/step_stability.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace egeot {
namespace {

constexpr int64_t kDataSamples = 4096;
constexpr int64_t kCostSamples = 256;
constexpr int64_t kStabilityChains = 128;

std::string figure(double v) {
  std::ostringstream s;
  s << std::setprecision(2) << v;
  return s.str();
}

// Two significant digits, so a suggestion reads like a setting a person would type.
double rounded(double v) {
  if (!(v > 0) || !std::isfinite(v)) return v;
  const double scale = std::pow(10.0, std::floor(std::log10(v)) - 1);
  return std::round(v / scale) * scale;
}

}  // namespace

std::string Suggestion::text() const {
  return field + " " + figure(from) + " -> " + figure(to);
}

std::string Divergence::message() const {
  std::ostringstream s;
  s << "training diverged at iteration " << iteration << " (" << sign << "); restored iteration "
    << restored_to << ". " << cause;
  if (!suggestion.field.empty()) s << "; try " << suggestion.text();
  return s.str();
}

double cost_scale(EgeotModel& model, int64_t samples, torch::Device device) {
  auto x = model.source().sample(samples).to(device);
  auto y = model.target().sample(samples).to(device);
  const double scale = model.cost().value(x, y).abs().mean().item<double>();
  return std::isfinite(scale) && scale > 0 ? scale : 1;
}

DivergenceGuard::DivergenceGuard(EgeotTrainer& trainer, GuardSettings settings)
    : trainer_(trainer), settings_(settings) {
  {
    RngKept kept;
    torch::NoGradGuard no_grad;
    // Chains live in the target's space, and start there or at the source when it is the same.
    auto data = trainer.model().target().sample(kDataSamples).to(torch::kFloat64);
    if (trainer.model().source().dim() == trainer.model().target().dim()) {
      data = torch::cat({data, trainer.model().source().sample(kDataSamples).to(torch::kFloat64)});
    }
    auto radius = data.norm(2, -1);
    data_radius_ = radius.max().item<double>();
    const double spread = (data - data.mean(0)).norm(2, -1).pow(2).mean().sqrt().item<double>();
    chain_bound_ = data_radius_ + settings_.support_scales * std::max(spread, 1e-6);
    cost_scale_ = egeot::cost_scale(trainer.model(), kCostSamples, trainer.device());
  }
  newer_ = capture_state(trainer_);
  older_ = newer_;
}

int64_t DivergenceGuard::last_good_iteration() const { return older_.iteration; }

std::string DivergenceGuard::sign_of(const StepStats& s) const {
  if (!s.stepped || !std::isfinite(s.grad_norm)) return "the gradient is not finite";
  if (!std::isfinite(s.loss) || !std::isfinite(s.f_pos) || !std::isfinite(s.f_neg)) {
    return "the loss is not finite";
  }
  if (!std::isfinite(s.chain_radius)) return "a Langevin chain is not finite";
  if (s.chain_radius > chain_bound_) {
    return "Langevin chains reached |y| = " + figure(s.chain_radius) + ", far outside the data (|y| <= " +
           figure(data_radius_) + ")";
  }
  const double f = std::max(std::abs(s.f_pos), std::abs(s.f_neg));
  const double f_bound = settings_.f_growth * std::max(cost_scale_, f_kept_);
  if (f > f_bound) {
    return "|f| reached " + figure(f) + ", beyond " + figure(settings_.f_growth) + " times the cost's scale " +
           figure(cost_scale_) + " and the last good |f| " + figure(f_kept_);
  }
  return "";
}

std::optional<Divergence> DivergenceGuard::step(StepStats& stats) {
  stats = trainer_.step();
  std::string sign = sign_of(stats);
  if (sign.empty() && stats.iteration % settings_.keep_every == 0 && !weights_finite(trainer_)) {
    sign = "a weight is not finite";
  }
  if (!sign.empty()) return diagnose(stats.iteration, sign);
  f_seen_ = std::max({f_seen_, std::abs(stats.f_pos), std::abs(stats.f_neg)});
  if (stats.iteration % settings_.keep_every == 0) keep();
  return std::nullopt;
}

void DivergenceGuard::keep() {
  older_ = std::move(newer_);
  newer_ = capture_state(trainer_);
  f_kept_ = std::max(f_kept_, f_seen_);
}

Divergence DivergenceGuard::diagnose(int64_t iteration, const std::string& sign) {
  // Chains to measure the step on: the last good state's own (its x's, its eps).
  torch::Tensor x, y, eps;
  {
    RngKept kept;
    const auto& b = older_.buffer;
    if (b.ys.defined() && b.ys.size(0) > 0) {
      auto idx = torch::randint(0, b.ys.size(0), {std::min(kStabilityChains, b.ys.size(0))},
                                torch::TensorOptions().dtype(torch::kLong));
      x = b.xs.index_select(0, idx).to(trainer_.device());
      y = b.ys.index_select(0, idx).to(trainer_.device());
      if (b.eps.defined()) eps = b.eps.index_select(0, idx).to(trainer_.device());
    } else {
      x = trainer_.model().source().sample(kStabilityChains).to(trainer_.device());
      y = trainer_.model().init_chains(x);
      if (trainer_.model().eps_conditioned()) eps = torch::full({x.size(0)}, trainer_.scene().eps, x.options());
    }
  }
  // The weights that diverged, while still finite, show how sharp the energy became; the
  // restored ones how sharp it was. An early restored state (an untrained energy) alone would
  // understate what training does to the curvature.
  StepStability stability;
  if (weights_finite(trainer_)) stability = measure_step_stability(trainer_, x, y, eps);
  restore_state(trainer_, older_);
  const auto restored = measure_step_stability(trainer_, x, y, eps);
  if (!(stability.rho >= restored.rho)) stability = restored;
  newer_ = older_;
  f_seen_ = 0;
  Divergence d;
  d.iteration = iteration;
  d.restored_to = older_.iteration;
  d.sign = sign;
  d.stretch = stability.rho;
  const auto& scene = trainer_.scene();
  const double sigma = scene.sampler.noise, lr = scene.optimizer.lr;
  if (stability.rho >= 1) {
    d.cause = "The Langevin step (noise sigma " + figure(sigma) +
              ") is too large for the energy's curvature along the chains: each step stretches "
              "them by up to " + figure(stability.rho) + " (ULA is stable below 2)";
    d.suggestion = {"sampler.noise", sigma, rounded(stable_noise(sigma, stability.rho))};
  } else {
    d.cause = "The Langevin step stayed stable (step stretch " + figure(stability.rho) +
              ", ULA's limit 2) while the potential sharpened faster than the chains could follow: the "
              "learning rate " + figure(lr) + " is too large";
    d.suggestion = {"optimizer.lr", lr, rounded(lr / 10)};
  }
  return d;
}

}  // namespace egeot
