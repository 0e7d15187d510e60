#include "core/ot/gaussian_quadrature.h"

#include "base/error.h"

#include <torch/torch.h>

#include <cmath>
#include <string>
#include <vector>

namespace egeot {

GaussianQuadrature gauss_hermite_1d(int64_t n) {
  if (n < 1 || n > 200) throw InputError("Gauss-Hermite: expected 1 to 200 nodes, got " + std::to_string(n));
  // The Jacobi matrix of the probabilists' Hermite recurrence He_{k+1} = z He_k - k He_{k-1}:
  // its eigenvalues are the nodes, and the squared first components of its eigenvectors the
  // weights of the normalised measure.
  auto jacobi = torch::zeros({n, n}, torch::kFloat64);
  for (int64_t k = 1; k < n; ++k) {
    const double b = std::sqrt(static_cast<double>(k));
    jacobi[k - 1][k] = b;
    jacobi[k][k - 1] = b;
  }
  auto [nodes, vectors] = torch::linalg_eigh(jacobi);
  auto weights = vectors.select(0, 0).pow(2);
  return {nodes, weights / weights.sum()};
}

GaussianQuadrature gauss_hermite(const torch::Tensor& mean, const torch::Tensor& cov, int64_t n) {
  auto m = mean.to(torch::kCPU, torch::kFloat64).reshape({-1});
  auto s = cov.to(torch::kCPU, torch::kFloat64);
  const int64_t d = m.numel();
  if (d < 1 || s.dim() != 2 || s.size(0) != d || s.size(1) != d) {
    throw InputError("Gauss-Hermite: expected a mean [D] and a covariance [D, D]");
  }
  if (std::pow(static_cast<double>(n), static_cast<double>(d)) > 1e6) {
    throw InputError("Gauss-Hermite: " + std::to_string(n) + "^" + std::to_string(d) + " nodes exceed 10^6");
  }
  auto [chol, info] = torch::linalg_cholesky_ex(s);
  if (info.item<int64_t>() != 0) throw InputError("Gauss-Hermite: the covariance is not positive definite");
  auto rule = gauss_hermite_1d(n);
  // Every combination of the 1D nodes, coordinate 0 varying slowest.
  std::vector<torch::Tensor> axes(static_cast<size_t>(d), rule.points);
  auto grids = torch::meshgrid(axes, "ij");
  std::vector<torch::Tensor> columns;
  for (const auto& g : grids) columns.push_back(g.reshape({-1}));
  auto z = torch::stack(columns, 1);
  auto weights = torch::ones({z.size(0)}, torch::kFloat64);
  auto wgrids = torch::meshgrid(std::vector<torch::Tensor>(static_cast<size_t>(d), rule.weights), "ij");
  for (const auto& w : wgrids) weights = weights * w.reshape({-1});
  return {m.unsqueeze(0) + torch::matmul(z, chol.t()), weights};
}

}  // namespace egeot
