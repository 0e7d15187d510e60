#include "core/nets/weight_average.h"

#include <torch/torch.h>

namespace egeot {

WeightAverage::WeightAverage(double decay, Potential& live) : decay_(decay) {
  average_ = Potential(live->spec());
  reset(live);
  for (auto& p : average_->parameters()) p.requires_grad_(false);
}

void WeightAverage::reset(Potential& live) {
  torch::NoGradGuard no_grad;
  auto src = live->parameters();
  auto dst = average_->parameters();
  TORCH_CHECK(src.size() == dst.size(), "weight average: the potentials differ in shape");
  if (dst.size() > 0 && dst[0].device() != src[0].device()) average_->to(src[0].device());
  dst = average_->parameters();
  for (size_t i = 0; i < src.size(); ++i) dst[i].copy_(src[i].detach());
}

void WeightAverage::update(Potential& live) {
  torch::NoGradGuard no_grad;
  auto src = live->parameters();
  auto dst = average_->parameters();
  for (size_t i = 0; i < src.size(); ++i) dst[i].mul_(decay_).add_(src[i].detach(), 1 - decay_);
}

}  // namespace egeot
