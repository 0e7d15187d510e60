#pragma once
// The run loop of the Metropolis-corrected kernels (metropolis_step.h): the step, its
// adaptation while warming up, and the trace (acceptance, step, collapse). The warm-up adapts
// one step multiplier a by Robbins-Monro on log a towards the target acceptance, then freezes
// it, so the chain after warm-up is a time-homogeneous (hence valid) MCMC chain. All of it
// stays on the chains' device until the run ends: no host sync per step.
#include "core/nets/conditional_log_density.h"
#include "core/nets/langevin_sampler.h"

#include <torch/types.h>

namespace egeot {

// Runs `steps` moves of settings.kind ("mala" or "hmc") from y ([n, D]). base_step: each
// chain's step before adaptation and decay ([n, 1]). Fills *trace when given (norms, paths of
// the first `record` chains, acceptance, steps, collapse).
torch::Tensor run_metropolis_chains(const LangevinSettings& settings, ConditionalLogDensity& log_pi,
                                    torch::Tensor y, const torch::Tensor& base_step, int64_t steps,
                                    LangevinTrace* trace, int64_t record);

// The warm-up steps of a run of `steps`: adapt_steps (at most steps), or half the run when
// adapt_steps is 0; 0 when no target acceptance is set.
int64_t adaptation_steps(const LangevinSettings& settings, int64_t steps);

// Acceptance below this over a run (after warm-up) marks the chains collapsed.
inline constexpr double kCollapsedAcceptance = 0.01;

}  // namespace egeot
