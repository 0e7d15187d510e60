#pragma once
// Transport costs c(x, y). The interface takes the source point x and the target-side
// variable y (a point, or a generator's latent z for image scenes), so a cost through a
// generator, c(x, z) = 1/2 |G(z) - x|^2, fits the same sampler and trainer.
#include <torch/types.h>

#include <memory>
#include <string>

namespace egeot {

class Cost {
 public:
  virtual ~Cost() = default;
  // x: [n, Dx], y: [n, Dy] -> [n]
  virtual torch::Tensor value(const torch::Tensor& x, const torch::Tensor& y) const = 0;
  // d c(x, y) / dy, [n, Dy]. The default differentiates value() with autograd (no graph kept).
  virtual torch::Tensor grad_y(const torch::Tensor& x, const torch::Tensor& y) const;
  virtual std::string name() const = 0;
};

// 1/2 |x - y|^2, with its gradient y - x in closed form.
class SquaredEuclideanCost : public Cost {
 public:
  torch::Tensor value(const torch::Tensor& x, const torch::Tensor& y) const override;
  torch::Tensor grad_y(const torch::Tensor& x, const torch::Tensor& y) const override;
  std::string name() const override { return "squared-euclidean"; }
};

std::unique_ptr<Cost> make_cost(const std::string& name);  // nullptr if unknown
std::string cost_names();

}  // namespace egeot
