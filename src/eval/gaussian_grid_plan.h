#pragma once
// The Gaussian benchmark's score of a 2D potential itself, apart from any sampler or sample
// size: BW2^2-UVP (%) of the plan pi_f(y|x) ∝ exp((f(y) - c(x,y)) / eps), x ~ P, against the
// closed form. Its joint moments follow from the law of total covariance: each conditional's
// mean and covariance by quadrature on a grid, and x by Gauss-Hermite quadrature over P. A
// sampled score adds the sampler's bias and a floor that shrinks only as 1/n; this one has
// neither, so a model's own error shows at any size, and cheaply enough to follow training.
#include "core/ot/cost.h"
#include "core/ot/gaussian_eot.h"
#include "eval/grid_truth.h"

#include <torch/types.h>

namespace egeot {

// A grid that holds the benchmark's conditionals for every quadrature node that carries
// weight (7 std of Q around Q's mean, plus 6 conditional std), with cells half the narrowest
// conditional's std (at most 640 per axis).
Grid2D gaussian_plan_grid(const GaussianEot& truth);

// For a potential given on `grid` (f_grid [ny, nx] float64, true units). nodes: Gauss-Hermite
// nodes per coordinate of x; a learned potential's conditional means are not polynomial in
// x, so the rule converges slowly past ~12 (on a trained model 8, 12 and 24 nodes scored
// 0.0605, 0.0655 and 0.0661 %): precise enough to rank models, not to a digit.
// Throws InputError unless the truth is 2D.
double grid_plan_bw_uvp(const torch::Tensor& f_grid, const Grid2D& grid, const Cost& cost, double eps,
                        const GaussianEot& truth, int64_t nodes);

// The model's own potential, at its scene's eps, on gaussian_plan_grid.
double grid_plan_bw_uvp(EgeotModel& model, const GaussianEot& truth, int64_t nodes);

}  // namespace egeot
