#include "core/ot/bw_uvp.h"

#include "base/error.h"

#include <torch/torch.h>

namespace egeot {

double bures_wasserstein_squared(const torch::Tensor& mean1, const torch::Tensor& cov1,
                                 const torch::Tensor& mean2, const torch::Tensor& cov2) {
  auto m1 = mean1.to(torch::kFloat64), m2 = mean2.to(torch::kFloat64);
  auto s1 = cov1.to(torch::kFloat64), s2 = cov2.to(torch::kFloat64);
  if (s1.sizes() != s2.sizes() || s1.dim() != 2 || s1.size(0) != s1.size(1) ||
      m1.numel() != s1.size(0) || m2.numel() != s1.size(0)) {
    throw InputError("Bures-Wasserstein: expected means [D] and covariances [D, D] of one dimension");
  }
  auto r1 = sym_sqrt(s1);
  auto cross = sym_sqrt(torch::matmul(torch::matmul(r1, s2), r1));
  const double value = (m1 - m2).pow(2).sum().item<double>() + s1.trace().item<double>() +
                       s2.trace().item<double>() - 2 * cross.trace().item<double>();
  return std::max(value, 0.0);  // rounding can leave -1e-16 for equal Gaussians
}

std::pair<torch::Tensor, torch::Tensor> sample_moments(const torch::Tensor& samples) {
  if (samples.dim() != 2 || samples.size(0) < 2) {
    throw InputError("sample moments: expected samples of shape [n >= 2, D]");
  }
  auto s = samples.to(torch::kCPU, torch::kFloat64);
  auto mean = s.mean(0);
  auto centred = s - mean;
  auto cov = torch::matmul(centred.t(), centred) / static_cast<double>(s.size(0) - 1);
  return {mean, 0.5 * (cov + cov.t())};
}

double bw_uvp(const torch::Tensor& samples, const torch::Tensor& mean, const torch::Tensor& cov) {
  if (samples.dim() != 2 || samples.size(1) != cov.size(0)) {
    throw InputError("BW-UVP: expected samples with " + std::to_string(cov.size(0)) +
                     " columns (the truth's dimension)");
  }
  auto [m, s] = sample_moments(samples);
  return 100.0 * bures_wasserstein_squared(m, s, mean, cov) /
         (0.5 * cov.to(torch::kFloat64).trace().item<double>());
}

double bw_uvp_marginal(const torch::Tensor& y, const GaussianEot& truth) {
  return bw_uvp(y, truth.mean_y, truth.cov_y);
}

double bw_uvp_plan(const torch::Tensor& x, const torch::Tensor& y, const GaussianEot& truth) {
  if (x.dim() != 2 || y.dim() != 2 || x.size(0) != y.size(0)) {
    throw InputError("BW-UVP (plan): expected x and y with as many rows");
  }
  auto joint = torch::cat({x.to(torch::kFloat64), y.to(torch::kFloat64)}, 1);
  return bw_uvp(joint, torch::cat({truth.mean_x, truth.mean_y}), truth.joint_covariance);
}

double bw_uvp_sampling_floor(const torch::Tensor& cov, int64_t n) {
  auto lambda = std::get<0>(torch::linalg::eigh(cov.to(torch::kFloat64), "L")).clamp_min(0);
  auto li = lambda.unsqueeze(1), lj = lambda.unsqueeze(0);
  auto diag = torch::eye(lambda.size(0), torch::kFloat64);
  auto terms = (li * lj + diag * li * li) / (2.0 * (li + lj).clamp_min(1e-300));
  const double trace = lambda.sum().item<double>();
  const double expected = (trace + terms.sum().item<double>()) / static_cast<double>(n);
  return 100.0 * expected / (0.5 * trace);
}

}  // namespace egeot
