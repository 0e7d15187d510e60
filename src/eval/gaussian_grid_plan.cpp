#include "eval/gaussian_grid_plan.h"

#include "base/error.h"
#include "core/model/egeot_model.h"
#include "core/ot/bw_uvp.h"
#include "core/ot/gaussian_quadrature.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace egeot {
namespace {

// Cells per conditional std: midpoint sums of a smooth density converge exponentially in
// std / cell; on a trained LeakyReLU potential (kinked) two cells per std score within 2e-4
// (relative) of four and eight, one cell per std 2 % off.
constexpr double kCellsPerStd = 2.0;
constexpr int64_t kMaxCells = 640;  // per axis: a bound on time, ~0.4 M points

double largest_std(const torch::Tensor& cov) { return std::sqrt(torch::linalg_eigvalsh(cov).max().item<double>()); }
double smallest_std(const torch::Tensor& cov) { return std::sqrt(torch::linalg_eigvalsh(cov).min().item<double>()); }

}  // namespace

Grid2D gaussian_plan_grid(const GaussianEot& truth) {
  if (truth.mean_y.numel() != 2) throw InputError("grid plan: expected a 2D Gaussian pair");
  // Conditional means spread over at most Q's covariance; the nodes reach ~6.5 std of P.
  const double half = 7.0 * largest_std(truth.cov_y) + 6.0 * largest_std(truth.conditional_covariance);
  const double cell = smallest_std(truth.conditional_covariance) / kCellsPerStd;
  const int64_t cells = std::min<int64_t>(kMaxCells, static_cast<int64_t>(std::ceil(2 * half / cell)));
  auto m = truth.mean_y.to(torch::kFloat64);
  const double mx = m[0].item<double>(), my = m[1].item<double>();
  return Grid2D{mx - half, mx + half, my - half, my + half, cells, cells};
}

double grid_plan_bw_uvp(const torch::Tensor& f_grid, const Grid2D& grid, const Cost& cost, double eps,
                        const GaussianEot& truth, int64_t nodes) {
  if (truth.mean_x.numel() != 2 || truth.mean_y.numel() != 2) {
    throw InputError("grid plan: expected a 2D Gaussian pair");
  }
  auto rule = gauss_hermite(truth.mean_x, truth.cov_x, nodes);
  const int64_t n = rule.points.size(0);
  auto means = torch::empty({n, 2}, torch::kFloat64);
  auto within = torch::zeros({2, 2}, torch::kFloat64);  // E_x Cov(y | x)
  for (int64_t i = 0; i < n; ++i) {
    auto cond = conditional_from_grid_potential(f_grid, cost, eps, rule.points[i], grid);
    auto [m, c] = grid_moments(cond.density, grid);
    means[i] = m;
    within += rule.weights[i] * c;
  }
  // Joint moments of (x, E[y|x]) under the rule, then Cov(y) gains E_x Cov(y | x).
  auto joint = torch::cat({rule.points, means}, 1);
  auto w = rule.weights.unsqueeze(1);
  auto mu = (w * joint).sum(0);
  auto d = joint - mu;
  auto cov = torch::matmul((w * d).t(), d);
  cov.slice(0, 2).slice(1, 2) += within;
  return 100.0 * bures_wasserstein_squared(mu, cov, torch::cat({truth.mean_x, truth.mean_y}),
                                           truth.joint_covariance) /
         (0.5 * truth.joint_covariance.trace().item<double>());
}

double grid_plan_bw_uvp(EgeotModel& model, const GaussianEot& truth, int64_t nodes) {
  const double eps = model.scene().eps;
  auto grid = gaussian_plan_grid(truth);
  return grid_plan_bw_uvp(potential_on_grid(model, grid), grid, model.cost(), eps, truth, nodes);
}

}  // namespace egeot
