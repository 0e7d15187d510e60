#include "eval/scene_truth.h"

#include "core/data/gaussian_weights.h"

#include <torch/torch.h>

namespace egeot {

std::optional<GaussianEot> scene_gaussian_truth(const EgeotModel& model, double eps) {
  const auto* p = dynamic_cast<const WeightedGaussian*>(&model.source());
  const auto* q = dynamic_cast<const WeightedGaussian*>(&model.target());
  if (!p || !q || model.cost().name() != "squared-euclidean" || p->dim() != q->dim()) {
    return std::nullopt;
  }
  auto z = torch::zeros({p->dim()}, torch::kFloat64);
  return gaussian_eot(z, torch::matmul(p->weight(), p->weight().t()), z,
                      torch::matmul(q->weight(), q->weight().t()), eps);
}

}  // namespace egeot
