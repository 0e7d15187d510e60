#pragma once
// How close Langevin steps are to blowing up, in a number a student can act on. A ULA step
// moves a chain by y <- y - D(y) + noise, with the drift D = tau grad E, E = (c - f)/eps and
// tau = sigma^2/2 (see langevin_sampler.h). On a quadratic energy of curvature L the iteration
// is stable only while tau L < 2. On a learned energy the drift's stretch rho, the largest
// eigenvalue of D's Jacobian, plays tau L's part; it is measured by finite differences at the
// scale of one step (sigma), because a piecewise-linear network has no curvature between its
// kinks and what matters is how much D changes over the distance a step actually moves.
#include "core/train/egeot_trainer.h"

namespace egeot {

struct StepStability {
  double rho = 0;         // largest stretch over the chains measured
  double rho_median = 0;  // typical chain
  int64_t chains = 0;
};

// At chains y for sources x (eps: per-chain eps [n] for conditioned models, else undefined),
// under the live weights, which training chains follow. Leaves the RNG streams untouched.
StepStability measure_step_stability(EgeotTrainer& trainer, const torch::Tensor& x,
                                     const torch::Tensor& y, const torch::Tensor& eps = {},
                                     int iterations = 12);

// The ULA noise sigma at which the measured stretch would be `target` (rho scales with sigma^2).
double stable_noise(double sigma, double rho, double target = 0.5);

}  // namespace egeot
