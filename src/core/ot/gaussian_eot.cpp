#include "core/ot/gaussian_eot.h"

#include "base/error.h"

#include <torch/torch.h>

#include <cmath>

namespace egeot {
namespace {

void check_spd(const torch::Tensor& s, const char* name) {
  if (s.dim() != 2 || s.size(0) != s.size(1)) {
    throw InputError(std::string(name) + ": expected a square matrix");
  }
  const double scale = s.abs().max().item<double>() + 1e-300;
  if ((s - s.t()).abs().max().item<double>() > 1e-9 * scale) {
    throw InputError(std::string(name) + ": expected a symmetric matrix");
  }
  auto evals = std::get<0>(torch::linalg::eigh(s, "L"));
  if (evals.min().item<double>() <= 1e-12 * scale) {
    throw InputError(std::string(name) + ": expected a positive definite matrix (smallest eigenvalue " +
                     std::to_string(evals.min().item<double>()) + ")");
  }
}

torch::Tensor sym_power(const torch::Tensor& s, double power) {
  auto [evals, evecs] = torch::linalg::eigh(0.5 * (s + s.t()), "L");
  auto d = evals.clamp_min(0).pow(power);
  return torch::matmul(evecs * d.unsqueeze(0), evecs.t());
}

}  // namespace

torch::Tensor sym_sqrt(const torch::Tensor& s) { return sym_power(s, 0.5); }
torch::Tensor sym_inv_sqrt(const torch::Tensor& s) { return sym_power(s, -0.5); }

GaussianEot gaussian_eot(const torch::Tensor& mean_x, const torch::Tensor& cov_x,
                         const torch::Tensor& mean_y, const torch::Tensor& cov_y, double eps) {
  if (!(std::isfinite(eps) && eps > 0)) throw InputError("eps: expected a finite number > 0");
  auto sx = cov_x.to(torch::kFloat64);
  auto sy = cov_y.to(torch::kFloat64);
  check_spd(sx, "source covariance");
  check_spd(sy, "target covariance");
  if (sx.sizes() != sy.sizes()) throw InputError("covariances: expected equal dimensions");
  const auto dim = sx.size(0);
  auto eye = torch::eye(dim, torch::kFloat64);
  auto sx_half = sym_sqrt(sx);
  auto sx_inv_half = sym_inv_sqrt(sx);
  auto d = sym_sqrt(4 * torch::matmul(torch::matmul(sx_half, sy), sx_half) + eps * eps * eye);
  auto c = 0.5 * (torch::matmul(torch::matmul(sx_half, d), sx_inv_half) - eps * eye);

  GaussianEot out;
  out.mean_x = mean_x.to(torch::kFloat64);
  out.mean_y = mean_y.to(torch::kFloat64);
  out.cov_x = sx;
  out.cov_y = sy;
  out.cross_covariance = c;
  out.conditional_matrix = torch::linalg::solve(sx, c, /*left=*/true).t();  // C^T Sx^-1
  auto cond = sy - torch::matmul(out.conditional_matrix, c);
  out.conditional_covariance = 0.5 * (cond + cond.t());
  out.joint_covariance = torch::cat({torch::cat({sx, c}, 1), torch::cat({c.t(), sy}, 1)}, 0);
  return out;
}

}  // namespace egeot
