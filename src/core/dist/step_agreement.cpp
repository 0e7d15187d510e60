#include "core/dist/step_agreement.h"

#include <torch/torch.h>

namespace egeot {

StepAgreement agree_on_step(ProcessGroup& group, bool diverged, bool stop) {
  const int w = group.world_size();
  auto flags = torch::zeros({w + 1}, torch::kFloat32);
  if (diverged) flags[group.rank()] = 1;
  if (stop) flags[w] = 1;
  group.all_reduce_max(flags, "the step agreement");
  StepAgreement agreement;
  const float* f = flags.data_ptr<float>();
  for (int r = 0; r < w && agreement.diverged_rank < 0; ++r) {
    if (f[r] > 0) agreement.diverged_rank = r;
  }
  agreement.stop = f[w] > 0;
  return agreement;
}

void publish_divergence(ProcessGroup& group, const std::string& message) {
  group.store_set("egeot/diverged/" + std::to_string(group.rank()), message);
}

std::string divergence_of(ProcessGroup& group, int rank) {
  return group.store_get("egeot/diverged/" + std::to_string(rank));
}

}  // namespace egeot
