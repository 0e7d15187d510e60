#pragma once
// eps as an input: one potential f(y, eps) for a whole range of eps, trained with
// a per-sample eps drawn log-uniformly from the range. The weak dual separates over eps, so
// maximising the sum of the duals recovers each eps's potential, capacity permitting.
//
// Parametrisation. The network outputs the sampler's g, as in the single-eps case
// (g = sigma^2/(s eps) f), with a per-sample noise
//   sigma(eps)^2 = sigma_inf^2 eps / (eps + knee),
// so f = s (eps + knee) / sigma_inf^2 * g. Why: for the quadratic cost f is O(1) when
// eps << knee (near the unregularised Kantorovich potential) and O(eps) when eps >> knee
// (f ≈ eps log q + c), so f / (eps + knee), hence g, stays O(1) over the whole range; and
// the ULA step sigma^2 follows the conditional's variance (~eps for small eps, ~Var Q for
// large eps), so one sampler setting is stable and mixes at every eps. knee is the eps
// where plans turn from map-like to diffuse, about the target's variance per coordinate
// (1 for the unit-scale scenes). sigma_inf is the scene's sampler.noise.
#include <torch/types.h>

#include <string>

namespace egeot {

struct EpsRange {
  double min = 0, max = 0;  // 0, 0: a single-eps model
  double knee = 1.0;
  bool active() const { return max > 0; }
  bool contains(double eps) const;
  std::string text() const;  // "[0.05, 10]"
  bool operator==(const EpsRange& o) const {
    return min == o.min && max == o.max && knee == o.knee;
  }
};

// Throws InputError "<what>: expected min > 0 and min < max, got ..." for an empty,
// inverted or non-positive range.
void check_eps_range(double min, double max, const std::string& what);

// sigma(eps) = sigma_inf sqrt(eps / (eps + knee)), per sample for a tensor of eps.
double conditioned_noise(double sigma_inf, double eps, double knee);
torch::Tensor conditioned_noise(double sigma_inf, const torch::Tensor& eps, double knee);

// Tempering for fresh chains. A chain started from the prior at small eps sits in a landscape
// of depth c/eps explored with a ULA step ~eps: a few hundred steps do not carry it out of
// the basin it starts in (fresh chains at small eps end farther out than the training's
// long-running chains, which have had time to settle). Started at a large eps, where the conditional
// is near the target's law and the step is largest, and moved geometrically down to its own
// eps, a chain follows the family pi_eps(.|x) that a conditioned potential holds for every eps.
struct EpsAnneal {
  double from = 0;     // eps at step 0; 0: no tempering
  int64_t steps = 0;   // steps from `from` to each chain's own eps, which the rest run at
  int64_t offset = 0;  // steps the chains have already run (runs continued in increments)
  bool active() const { return from > 0 && steps > 0; }
};

// The eps a chain with final eps `eps` ([n, 1] or [n]) runs at on step offset + k:
// from^(1 - t) eps^t, t = min(1, (offset + k) / steps); eps itself when inactive.
torch::Tensor annealed_eps(const torch::Tensor& eps, const EpsAnneal& anneal, int64_t k);

// n eps values, log-uniform in the range, float32 on `device`.
torch::Tensor log_uniform_eps(int64_t n, const EpsRange& range, torch::Device device);

// The network's view of eps: log eps mapped affinely onto [-1, 1] over the range, [n] -> [n, 1].
torch::Tensor eps_feature(const torch::Tensor& eps, const EpsRange& range);

}  // namespace egeot
