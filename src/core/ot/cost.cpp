#include "core/ot/cost.h"

#include <torch/torch.h>

namespace egeot {

torch::Tensor Cost::grad_y(const torch::Tensor& x, const torch::Tensor& y) const {
  torch::AutoGradMode enable(true);
  auto yy = y.detach().requires_grad_(true);
  auto total = value(x, yy).sum();
  return torch::autograd::grad({total}, {yy})[0];
}

torch::Tensor SquaredEuclideanCost::value(const torch::Tensor& x, const torch::Tensor& y) const {
  return 0.5 * (x - y).pow(2).sum(-1);
}

torch::Tensor SquaredEuclideanCost::grad_y(const torch::Tensor& x, const torch::Tensor& y) const {
  return y - x;
}

std::unique_ptr<Cost> make_cost(const std::string& name) {
  if (name == "squared-euclidean") return std::make_unique<SquaredEuclideanCost>();
  return nullptr;
}

std::string cost_names() { return "squared-euclidean"; }

}  // namespace egeot
