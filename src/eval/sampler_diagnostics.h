#pragma once
// Does the sampler reach pi_f(.|x)? Chains for one query x are started from three places
// (near x, on target samples, on a sphere at three times the data's radius) and run with the
// model's kernel; their recorded paths give split-R̂ and the bulk ESS (chain_diagnostics.h),
// the acceptance the kernel reported, in 2D the total variation of the chains at step k to
// the learned f's exact grid density, and at the end the energy distance to a reference
// (Sinkhorn's conditional). Chains that do not mix keep their starts: R̂ stays far above 1.
#include "core/model/egeot_model.h"
#include "eval/grid_truth.h"

#include <string>
#include <vector>

namespace egeot {

// Where the chains start: "x" (y ~ N(x, eps I)), "target" (y ~ Q), "far" (a sphere around Q's
// mean at kFarRadius times Q's radius).
constexpr int kStartGroups = 3;
const char* start_group_name(int group);
constexpr double kFarRadius = 3.0;

struct DiagnosticOptions {
  int64_t steps = 1000;       // at least 16
  int64_t chains = 300;       // split evenly among the starts
  int64_t curve_points = 20;  // steps at which R̂ and TV are computed
};

struct SamplerDiagnostics {
  std::string kind;
  double step = 0;                   // the kernel's final step (ULA: sigma)
  int64_t gradient_evaluations = 0;  // per chain over the run
  int64_t steps = 0, chains = 0;
  std::vector<double> acceptance;  // per step, mean over chains; empty for ULA
  double mean_acceptance = -1;     // over the run's second half; -1 for ULA
  bool collapsed = false;
  std::string collapse_reason;
  // At curve_steps[i]: split-R̂ (largest over coordinates) of the draws in (k/2, k], and in 2D
  // the TV between the chains' positions at step k and the grid density.
  std::vector<int64_t> curve_steps;
  std::vector<double> rhat, tv;
  double tv_floor = -1;                  // what exact samples as many as the chains would score
  double rhat_final = 0, ess_final = 0;  // over the second half; ESS: smallest over coordinates
  double energy_to_reference = -1;       // the final positions vs the reference samples
  torch::Tensor paths;                   // [steps + 1, chains, D] CPU float
  std::vector<int> group;                // each chain's start group
};

// A cells x cells grid over where pi_f(.|x) has its mass on coarse (with two cells' margin): a
// sharp conditional (small eps) covers a few cells of a grid around all of Q, too few for
// quadrature to be exact, but many of this one. Fewer cells than eval's keep the histogram
// floor of a few hundred chains low.
Grid2D grid_on_mass(EgeotModel& model, const torch::Tensor& x, const Grid2D& coarse,
                    int64_t cells = 32);

// Starts for `n` chains at query x [D], grouped as above (group[i] for chain i).
torch::Tensor diagnostic_starts(EgeotModel& model, const torch::Tensor& x, int64_t n,
                                std::vector<int>& group);

// Runs `kernel` (a LangevinSettings of the model's sampler with another kind, step or
// leapfrog: noise and score coefficient fix g's units) from diagnostic_starts. grid/density: the
// grid truth of pi_f(.|x) (2D; density undefined to skip TV). reference: samples of the true
// conditional to score the final positions against (undefined to skip).
SamplerDiagnostics diagnose_sampler(EgeotModel& model, const LangevinSettings& kernel,
                                    const torch::Tensor& x, const DiagnosticOptions& options,
                                    const Grid2D& grid = {}, const torch::Tensor& density = {},
                                    const torch::Tensor& reference = {});

// Split-R̂ (largest over coordinates) and bulk ESS (smallest) of the draws of paths [T, C, D]
// at steps [from, to): at least 4 of them for R̂, 8 for the ESS (each split half needs 4).
double path_rhat(const torch::Tensor& paths, int64_t from, int64_t to);
double path_ess(const torch::Tensor& paths, int64_t from, int64_t to);

}  // namespace egeot
