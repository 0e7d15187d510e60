#pragma once
// The D = 2 benchmark pair's closed form, shared by the grid-quadrature tests.
#include "core/data/gaussian_weights.h"
#include "core/ot/gaussian_eot.h"
#include "eval/grid_truth.h"

#include <torch/torch.h>

namespace egeot::test {

inline GaussianEot benchmark_truth(double eps) {
  auto pair = load_gaussian_pair(benchmark_weights_path(), 2);
  auto wx = to_tensor(pair.source_weight), wy = to_tensor(pair.target_weight);
  auto z = torch::zeros({2}, torch::kFloat64);
  return gaussian_eot(z, torch::matmul(wx, wx.t()), z, torch::matmul(wy, wy.t()), eps);
}

// The optimal potential of the Gaussian pair is quadratic: pi(y|x) ∝ exp((f - c)/eps) with
// f(y) = -1/2 y^T M y has mean (M + I)^-1 x and covariance eps (M + I)^-1, so M = A^-1 - I.
inline torch::Tensor exact_potential_matrix(const GaussianEot& t) {
  return torch::inverse(t.conditional_matrix) - torch::eye(2, torch::kFloat64);
}

// f(y) = -1/2 y^T M y + d . y on the grid (d [2], none: 0); its conditional is
// N(B (x + d), eps B) with B = (M + I)^-1.
inline torch::Tensor quadratic_on_grid(const torch::Tensor& m, const Grid2D& grid,
                                       const torch::Tensor& d = {}) {
  auto p = grid_points(grid).to(torch::kFloat64);
  auto f = -0.5 * (torch::matmul(p, m) * p).sum(1);
  if (d.defined()) f = f + torch::matmul(p, d);
  return f.reshape({grid.ny, grid.nx});
}

}  // namespace egeot::test
