#include "core/train/lr_schedule.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace egeot {

double learning_rate_at(const OptimizerSettings& o, int64_t iteration) {
  if (!(o.lr_final > 0) || o.lr_decay_iters <= 0) return o.lr;
  const int64_t k = std::clamp<int64_t>(iteration - o.lr_decay_start, 0, o.lr_decay_iters);
  const double t = double(k) / double(o.lr_decay_iters);
  return o.lr * std::pow(o.lr_final / o.lr, t);
}

void set_learning_rate(torch::optim::Adam& adam, double lr) {
  for (auto& group : adam.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
}

}  // namespace egeot
