#include "core/nets/metropolis_chains.h"

#include "core/nets/metropolis_step.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace egeot {
namespace {

// Robbins-Monro gains (k + 1)^-0.6: large enough early to cross orders of magnitude of step
// in a few dozen steps, summing to infinity while their squares' sum stays finite.
constexpr double kAdaptationDecayPower = 0.6;
constexpr double kLogMultiplierMin = -30, kLogMultiplierMax = 5;
// Chains that accepted nothing over at least this many proposals count as frozen; more than
// kFrozenShare of them marks the run collapsed even when the mean acceptance looks fine.
constexpr int64_t kFrozenMinSteps = 50;
constexpr double kFrozenShare = 0.1;

std::vector<double> metropolis_to_vector(const std::vector<torch::Tensor>& v) {
  if (v.empty()) return {};
  auto t = torch::stack(v).to(torch::kCPU, torch::kFloat64).contiguous();
  return std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
}

}  // namespace

int64_t adaptation_steps(const LangevinSettings& settings, int64_t steps) {
  if (!(settings.target_accept > 0)) return 0;
  return settings.adapt_steps > 0 ? std::min(settings.adapt_steps, steps) : steps / 2;
}

torch::Tensor run_metropolis_chains(const LangevinSettings& s, ConditionalLogDensity& log_pi,
                                    torch::Tensor y, const torch::Tensor& base_step, int64_t steps,
                                    LangevinTrace* trace, int64_t record) {
  const bool hmc = s.kind == "hmc";
  const int64_t adapt = adaptation_steps(s, steps);
  record = std::min<int64_t>(record, y.size(0));
  const int64_t evaluations_before = log_pi.evaluations();

  ChainPoint at;
  at.y = y.detach();
  at.value = log_pi(at.y);
  auto log_multiplier = torch::zeros({}, y.options().dtype(torch::kFloat64));
  auto accepted_count = torch::zeros({y.size(0)}, y.options());
  std::vector<torch::Tensor> score_norms, cost_norms, noise_norms, path, acceptance, step_size;
  if (trace && record > 0) path.push_back(at.y.slice(0, 0, record).to(torch::kCPU));
  double decay_k = 1.0;
  ProposalTerms terms;
  for (int64_t k = 0; k < steps; ++k) {
    auto step = base_step * (log_multiplier.exp() * decay_k).to(y.scalar_type());
    auto* t = trace ? &terms : nullptr;
    auto move = hmc ? hmc_move(log_pi, at, step, s.leapfrog, t) : mala_move(log_pi, at, step, t);
    auto mean_accept = move.accept_prob.mean();
    if (k < adapt) {
      const double gain = std::pow(static_cast<double>(k + 1), -kAdaptationDecayPower);
      log_multiplier = (log_multiplier + gain * (mean_accept.to(torch::kFloat64) - s.target_accept))
                           .clamp(kLogMultiplierMin, kLogMultiplierMax);
    }
    accepted_count += move.accepted.to(y.scalar_type());
    if (trace) {
      acceptance.push_back(mean_accept);
      step_size.push_back(step.mean());
      score_norms.push_back(terms.score_drift.norm(2, -1).mean());
      cost_norms.push_back(terms.cost_drift.norm(2, -1).mean());
      noise_norms.push_back(terms.noise.norm(2, -1).mean());
      if (record > 0) path.push_back(at.y.slice(0, 0, record).to(torch::kCPU));
    }
    decay_k *= s.decay;
  }
  if (!trace) return at.y.detach();

  trace->score_drift = metropolis_to_vector(score_norms);
  trace->cost_drift = metropolis_to_vector(cost_norms);
  trace->noise = metropolis_to_vector(noise_norms);
  trace->paths = record > 0 ? torch::stack(path) : torch::Tensor();
  trace->acceptance = metropolis_to_vector(acceptance);
  trace->step_size = metropolis_to_vector(step_size);
  trace->chain_acceptance = (accepted_count / static_cast<double>(std::max<int64_t>(steps, 1)))
                                .to(torch::kCPU, torch::kFloat32);
  trace->gradient_evaluations = log_pi.evaluations() - evaluations_before;

  // Collapse: judged after the warm-up when there is one (its first steps may reject all).
  trace->collapsed = false;
  trace->collapse_reason.clear();
  const auto& acc = trace->acceptance;
  const int64_t from = adapt < steps ? adapt : 0;
  if (steps > from) {
    double mean = 0;
    for (int64_t k = from; k < steps; ++k) mean += acc[static_cast<size_t>(k)];
    mean /= static_cast<double>(steps - from);
    const int64_t frozen =
        steps >= kFrozenMinSteps ? (accepted_count == 0).sum().item<int64_t>() : 0;
    std::ostringstream why;
    why.precision(3);
    if (mean < kCollapsedAcceptance) {
      why << s.kind << " acceptance collapsed: " << 100 * mean << "% of proposals accepted over "
          << steps - from << " steps, so the chains barely left their starts; use a smaller step"
          << " (sampler.step, --step) or a target acceptance (--target-accept)";
    } else if (static_cast<double>(frozen) > kFrozenShare * static_cast<double>(y.size(0))) {
      why << s.kind << " acceptance collapsed for " << frozen << " of " << y.size(0)
          << " chains: they accepted none of " << steps
          << " proposals and sit at their starts; use a smaller step (sampler.step, --step)";
    }
    trace->collapse_reason = why.str();
    trace->collapsed = !trace->collapse_reason.empty();
  }
  return at.y.detach();
}

}  // namespace egeot
