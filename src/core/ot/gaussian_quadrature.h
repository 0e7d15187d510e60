#pragma once
// Gauss-Hermite quadrature against a Gaussian N(mean, cov): a tensor product of the n-point
// rule per dimension, mapped through cov's Cholesky factor. It integrates polynomials of
// degree <= 2n - 1 in each coordinate exactly, so a smooth function's expectation under P
// comes without the sampling noise of Monte Carlo (a benchmark can then tell a model's own
// error from its estimator's).
#include <torch/types.h>

namespace egeot {

struct GaussianQuadrature {
  torch::Tensor points;   // [n^D, D] float64
  torch::Tensor weights;  // [n^D] float64, positive, summing to 1
};

// The n-point rule for the standard normal (probabilists' Hermite), by Golub-Welsch:
// nodes [n] and weights [n] summing to 1, float64. Throws InputError unless 1 <= n <= 200.
GaussianQuadrature gauss_hermite_1d(int64_t n);

// The tensor-product rule for N(mean [D], cov [D, D]). Throws InputError when cov is not
// positive definite, the shapes disagree, or n^D exceeds 10^6 nodes.
GaussianQuadrature gauss_hermite(const torch::Tensor& mean, const torch::Tensor& cov, int64_t n);

}  // namespace egeot
