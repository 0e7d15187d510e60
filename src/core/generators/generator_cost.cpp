#include "core/generators/generator_cost.h"

#include <torch/torch.h>

namespace egeot {

GeneratorCost::GeneratorCost(std::shared_ptr<Generator> generator)
    : generator_(std::move(generator)) {}

torch::Tensor GeneratorCost::value(const torch::Tensor& x, const torch::Tensor& z) const {
  auto images = generator_->decode(z).flatten(1);
  return 0.5 * (images - x).pow(2).sum(-1);
}

}  // namespace egeot
