#include "eval/image_eot_truth.h"

#include "base/error.h"
#include "core/ot/cost.h"
#include "core/ot/sinkhorn.h"

#include <torch/torch.h>

namespace egeot {

std::vector<ImageEotTruth> image_eot_truth(const torch::Tensor& sources, const torch::Tensor& images,
                                           const std::vector<double>& eps) {
  torch::NoGradGuard no_grad;
  auto x = sources.flatten(1).to(torch::kCPU, torch::kFloat32).contiguous();
  auto y = images.flatten(1).to(torch::kCPU, torch::kFloat32).contiguous();
  if (x.size(0) < 2 || x.sizes() != y.sizes()) {
    throw InputError("image truth: expected as many sources as generator images (at least 2) of one size");
  }
  // Pixel distances do not depend on eps: once for every plan.
  const auto d = torch::cdist(x.to(torch::kFloat64), y.to(torch::kFloat64));
  const double independent = d.mean().item<double>();
  const auto cost = std::make_shared<SquaredEuclideanCost>();
  std::vector<ImageEotTruth> out;
  for (double e : eps) {
    SinkhornOptions o;
    o.eps = e;
    o.tol = 1e-3;
    o.max_iters = 20000;
    o.throw_if_not_converged = false;
    const auto plan = solve_sinkhorn(cost, x, y, o);
    ImageEotTruth t;
    t.eps = e;
    t.n = x.size(0);
    t.marginal_error = plan.report().marginal_error;
    t.converged = plan.report().converged;
    auto w = plan.extension_weights(x).to(torch::kFloat64);  // [N, N], rows pi(.|x_i)
    t.content_ratio = (w * d).sum(1).mean().item<double>() / independent;
    out.push_back(t);
  }
  return out;
}

}  // namespace egeot
