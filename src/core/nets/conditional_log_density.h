#pragma once
// log pi(y|x) up to a constant, and its gradient in y, for the Metropolis-corrected kernels.
// In the sampler's units (the network g = sigma^2/(s eps) f, langevin_sampler.h)
//   log pi(y|x) = s g(y)/sigma^2 - c(x, y)/eps + const,
// per chain for eps-conditioned potentials (chain i: its own eps_i and sigma(eps_i)). The
// sampler's gradient clipping applies to grad g here as in ULA: a proposal built on a clipped
// drift is still corrected exactly, since the acceptance uses the true log density.
#include "core/nets/fused_gradient.h"
#include "core/nets/potential.h"
#include "core/ot/cost.h"

#include <torch/types.h>

#include <optional>

namespace egeot {

class ConditionalLogDensity {
 public:
  struct Value {
    torch::Tensor log_p;       // [n]
    torch::Tensor grad;        // grad_y log pi (with the clipped grad g), [n, D]
    torch::Tensor score_grad;  // its network part s/sigma^2 grad g; the rest is -grad_y c / eps
    torch::Tensor cost_grad() const { return score_grad - grad; }
  };

  // x: [n, Dx]. score, inv_eps: s/sigma_i^2 and 1/eps_i as [n, 1] columns. eps: each chain's
  // eps [n] for an eps-conditioned g, undefined otherwise. fused: grad g by hand
  // (single-eps g only, fused_gradient.h).
  ConditionalLogDensity(Potential& g, const Cost& cost, torch::Tensor x, torch::Tensor eps,
                        torch::Tensor score, torch::Tensor inv_eps, double grad_clip, bool fused);

  Value operator()(const torch::Tensor& y);
  int64_t evaluations() const { return evaluations_; }

 private:
  Potential& g_;
  const Cost& cost_;
  torch::Tensor x_, eps_, score_, inv_eps_;
  double grad_clip_;
  std::optional<FusedGradient> fused_;
  int64_t evaluations_ = 0;
};

}  // namespace egeot
