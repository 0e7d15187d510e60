#pragma once
// The Gaussian benchmark's metric: BW2^2-UVP (%) = 100 BW2^2(model, truth) /
// (1/2 tr Sigma_truth), the Bures-Wasserstein distance between the Gaussian fitted to the
// model's samples and the true Gaussian, as a share of the truth's variance. BW2^2 between
// N(m1, S1) and N(m2, S2) is |m1 - m2|^2 + tr S1 + tr S2 - 2 tr (S1^1/2 S2 S1^1/2)^1/2.
// Everything in float64.
#include "core/ot/gaussian_eot.h"

#include <torch/types.h>

namespace egeot {

double bures_wasserstein_squared(const torch::Tensor& mean1, const torch::Tensor& cov1,
                                 const torch::Tensor& mean2, const torch::Tensor& cov2);

// Sample mean [D] and covariance [D, D] (unbiased, 1/(n-1)) of samples [n, D], float64.
std::pair<torch::Tensor, torch::Tensor> sample_moments(const torch::Tensor& samples);

// BW2^2-UVP (%) of samples [n, D] against N(mean, cov). Throws InputError on shape mismatch
// or fewer than 2 samples.
double bw_uvp(const torch::Tensor& samples, const torch::Tensor& mean, const torch::Tensor& cov);

// Against the closed-form plan: the target marginal (y vs N(my, Sy)) and the joint
// ((x, y) stacked vs N((mx, my), [[Sx, C], [C^T, Sy]])).
double bw_uvp_marginal(const torch::Tensor& y, const GaussianEot& truth);
double bw_uvp_plan(const torch::Tensor& x, const torch::Tensor& y, const GaussianEot& truth);

// What exact samples score on average: the estimator's bias floor. To first order in the
// sampling error of the moments (n >> D), with lambda the eigenvalues of cov,
//   E BW2^2 = tr(cov)/n + sum_ij (lambda_i lambda_j + [i=j] lambda_i^2) / (2 n (lambda_i + lambda_j)),
// (mean error, plus the Bures metric's quadratic form applied to the Wishart fluctuation),
// returned as a UVP in %. A model's score is meaningful only well above this.
double bw_uvp_sampling_floor(const torch::Tensor& cov, int64_t n);

}  // namespace egeot
