#pragma once
// One Metropolis-Hastings-corrected move of every chain, for the two corrected kernels:
// MALA (ULA's proposal, y' = y + h/2 grad log pi(y) + sqrt(h) xi, accepted with the ratio of
// target and proposal densities) and HMC (a leapfrog trajectory of L steps from a fresh
// Gaussian momentum, accepted on the change of the Hamiltonian). Either leaves pi(y|x)
// invariant exactly, whatever the step: a too-large step shows as low acceptance, not as bias.
#include "core/nets/conditional_log_density.h"

#include <torch/types.h>

namespace egeot {

// A chain's position with its log density and gradient (reused by the next move: a rejected
// proposal costs no new evaluation at the current point).
struct ChainPoint {
  torch::Tensor y;                     // [n, D]
  ConditionalLogDensity::Value value;  // at y
};

// What a move proposed, for the sampler's trace: ULA's three terms at the start point, scaled
// by this move's step (HMC: its first leapfrog step, which is MALA's proposal for L = 1).
struct ProposalTerms {
  torch::Tensor score_drift, cost_drift, noise;  // [n, D]
};

struct MoveResult {
  torch::Tensor accept_prob;  // min(1, MH ratio), [n]
  torch::Tensor accepted;     // bool [n]
};

// step: [n, 1], MALA's proposal noise sqrt(h) / HMC's leapfrog step. Updates `at`.
MoveResult mala_move(ConditionalLogDensity& log_pi, ChainPoint& at, const torch::Tensor& step,
                     ProposalTerms* terms = nullptr);
MoveResult hmc_move(ConditionalLogDensity& log_pi, ChainPoint& at, const torch::Tensor& step,
                    int64_t leapfrog, ProposalTerms* terms = nullptr);

// Accepts where log u < log_alpha (NaN ratios reject) and moves `at` to the proposal there.
MoveResult metropolis_accept(ChainPoint& at, ChainPoint proposal, torch::Tensor log_alpha);

}  // namespace egeot
