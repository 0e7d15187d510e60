#pragma once
// Closed-form entropic OT between Gaussians for the cost 1/2|x - y|^2:
//   D = (4 Sx^1/2 Sy Sx^1/2 + eps^2 I)^1/2,  C = 1/2 (Sx^1/2 D Sx^-1/2 - eps I),
//   y | x ~ N(my + C^T Sx^-1 (x - mx), Sy - C^T Sx^-1 C).
// Everything in float64; symmetric square roots by eigendecomposition.
#include <torch/types.h>

namespace egeot {

struct GaussianEot {
  torch::Tensor mean_x, mean_y;        // [D]
  torch::Tensor cov_x, cov_y;          // [D, D]
  torch::Tensor cross_covariance;      // C = Cov(x, y), [D, D]
  torch::Tensor conditional_matrix;    // A = C^T Sx^-1: E[y|x] = my + A (x - mx)
  torch::Tensor conditional_covariance;
  torch::Tensor joint_covariance;      // [[Sx, C], [C^T, Sy]], [2D, 2D]
};

// Throws InputError if a covariance is not symmetric positive definite or eps <= 0.
GaussianEot gaussian_eot(const torch::Tensor& mean_x, const torch::Tensor& cov_x,
                         const torch::Tensor& mean_y, const torch::Tensor& cov_y, double eps);

// Symmetric PSD square root (and inverse square root) by eigendecomposition.
torch::Tensor sym_sqrt(const torch::Tensor& s);
torch::Tensor sym_inv_sqrt(const torch::Tensor& s);

}  // namespace egeot
