#pragma once
// Ground truth in 2D by quadrature: on a grid of cell centres the learned
// conditional pi_f(y|x) ∝ exp((f(y) - c(x,y)) / eps) is normalised exactly, so a sampler's
// output can be scored against the density it should reach, and the dual value
// L(f) = E_P[f^C(x)] + E_Q[f(y)], f^C(x) = -eps log ∫ exp((f(y) - c(x,y)) / eps) dy, is
// computed without sampling y. Mass outside the grid is not seen: choose a grid that holds
// the conditionals of interest.
#include "core/model/egeot_model.h"
#include "core/ot/cost.h"

#include <torch/types.h>

#include <functional>

namespace egeot {

struct Grid2D {
  double xmin = -2.5, xmax = 2.5, ymin = -2.5, ymax = 2.5;
  int64_t nx = 128, ny = 128;  // values at cell centres
};

// [ny*nx, 2] float32, row-major: row r = y index, col c = x index. Throws InputError for an
// empty or inverted grid.
torch::Tensor grid_points(const Grid2D& grid);
double cell_area(const Grid2D& grid);

// f in true units on the grid, [ny, nx] float64 on CPU; evaluated in chunks of `chunk`
// points, no grad.
torch::Tensor potential_on_grid(EgeotModel& model, const Grid2D& grid, int64_t chunk = 4096);

struct GridConditional {
  torch::Tensor energy;   // E_x(y) = (c(x,y) - f(y)) / eps, [ny, nx] float64
  torch::Tensor density;  // normalised pi_f(y|x) on the grid: density.sum() * cell_area == 1
  double log_normalizer;  // log of the integral of exp(-E_x) over the grid (quadrature)
};

GridConditional conditional_on_grid(EgeotModel& model, const torch::Tensor& x /*[2]*/,
                                    const Grid2D& grid, int64_t chunk = 4096);

// Mean [2] and covariance [2, 2] (float64) of a grid density, by quadrature.
std::pair<torch::Tensor, torch::Tensor> grid_moments(const torch::Tensor& density, const Grid2D& grid);

// Total variation between the histogram of samples [n, 2] on the grid's cells and a grid
// density ([ny, nx], integrating to 1 with cell_area); samples outside the grid count as
// mass the density does not have. In [0, 1].
double total_variation_on_grid(const torch::Tensor& samples, const torch::Tensor& density,
                               const Grid2D& grid);

// A 64 x 64 grid around samples y [n, 2] (25% margin each side), where the learned
// conditionals of a 2D toy live. Coarse on purpose: the histogram's noise floor grows with
// the number of cells a conditional covers.
Grid2D grid_around(const torch::Tensor& y);

// What n exact samples' histogram scores in TV against the density on average, at most:
// 1/2 sum_k sqrt(p_k (1 - p_k) / n) over the cells' masses p_k (and never above 1).
double tv_sampling_floor(const torch::Tensor& density, const Grid2D& grid, int64_t n);

// L(f) = E_P[f^C(x)] + E_Q[f(y)] with f^C by quadrature, from n samples of P and of Q drawn
// from torch's generator (seed it for a reproducible value). True units.
double dual_value_on_grid(EgeotModel& model, const Grid2D& grid, int64_t n_samples);

// The same for any potential given as values on the grid (f_grid [ny, nx] float64), cost and
// eps: the model versions above are these with the model's f, cost and eps. They let a
// closed-form potential (e.g. the Gaussian one) be checked without a network.
GridConditional conditional_from_grid_potential(const torch::Tensor& f_grid, const Cost& cost,
                                                double eps, const torch::Tensor& x,
                                                const Grid2D& grid);
// f^C(x_i) for each row of x [n, 2] -> [n] float64.
torch::Tensor c_transform_on_grid(const torch::Tensor& f_grid, const Cost& cost, double eps,
                                  const torch::Tensor& x, const Grid2D& grid);
// Evaluates a potential f: [n, 2] float32 -> [n] on the grid's points in chunks.
torch::Tensor potential_on_grid(const std::function<torch::Tensor(const torch::Tensor&)>& f,
                                const Grid2D& grid, int64_t chunk = 4096);

}  // namespace egeot
