#pragma once
// The latent cost of image scenes, c(x, z) = 1/2 |G(z) - x|^2 summed over pixels: x is a
// flattened source image, z a generator latent. Its gradient in z goes through G by autograd
// (Cost::grad_y), so any Generator works, egeot's own or a TorchScript export.
#include "core/generators/generator.h"
#include "core/ot/cost.h"

#include <memory>

namespace egeot {

class GeneratorCost : public Cost {
 public:
  explicit GeneratorCost(std::shared_ptr<Generator> generator);
  // x: [n, C*H*W] pixels in [0, 1], z: [n, z_dim] -> [n]
  torch::Tensor value(const torch::Tensor& x, const torch::Tensor& z) const override;
  std::string name() const override { return "generator"; }
  const std::shared_ptr<Generator>& generator() const { return generator_; }

 private:
  std::shared_ptr<Generator> generator_;
};

}  // namespace egeot
