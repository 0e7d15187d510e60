#pragma once
// The ground truth beside `egeot eval` on image scenes: the exact discrete entropic plan
// between N held-out sources and N generator images G(z_j), z_j ~ N(0, I), under the scene's
// pixel cost 1/2 |x - G(z)|^2 (Sinkhorn, float64 log domain). A model whose pi(.|x) is right
// scores what this plan scores on the same measures: how much of the source's content the
// optimal coupling can keep (its content ratio). Its latent marginal is the prior and its
// class share the generator's, both by construction (the plan's second marginal). Finite N
// biases the content ratio slightly upwards (more atoms offer closer matches); the report
// carries N.
#include <torch/types.h>

#include <vector>

namespace egeot {

struct ImageEotTruth {
  double eps = 0;
  int64_t n = 0;
  double content_ratio = 0;   // E_plan |x - G(z)| over E_independent |x - G(z)|, same atoms
  double marginal_error = 0;  // Sinkhorn's L1 marginal error
  bool converged = false;
};

// sources, images: [N, ...], flattened inside; one plan per eps, in the order given.
std::vector<ImageEotTruth> image_eot_truth(const torch::Tensor& sources, const torch::Tensor& images,
                                           const std::vector<double>& eps);

}  // namespace egeot
