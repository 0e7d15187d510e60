#include "studio/worker/warm_start.h"

#include <torch/torch.h>

#include <sstream>

namespace egeot::studio {

bool can_warm_start(const EgeotTrainer& old, const Scene& scene) {
  return old.scene().potential == scene.potential && old.scene().source == scene.source &&
         old.scene().target == scene.target && old.scene().cost == scene.cost;
}

std::unique_ptr<EgeotTrainer> warm_start(EgeotTrainer& old, const Scene& scene) {
  auto fresh = std::make_unique<EgeotTrainer>(scene, old.device(), old.model().shared_cost());
  // The constructor reseeded torch with scene.seed; go on from a stream this run has not
  // used yet rather than replaying the start of the run.
  torch::manual_seed(static_cast<uint64_t>(scene.seed) * 1000003u +
                     static_cast<uint64_t>(old.iteration()) + 1);
  const double ratio = old.model().f_scale() / fresh->model().f_scale();
  auto copy = [ratio](Potential& source, Potential& target) {
    torch::NoGradGuard no_grad;
    auto from = source->parameters();
    auto to = target->parameters();
    for (size_t i = 0; i < to.size(); ++i) to[i].copy_(from[i]);
    // The last Linear's weight and bias (the final two parameters) make g's output.
    if (ratio != 1.0 && to.size() >= 2) {
      to[to.size() - 1].mul_(ratio);
      to[to.size() - 2].mul_(ratio);
    }
  };
  copy(old.potential(), fresh->potential());
  // The weight average goes on too (from the live weights when the old run kept none).
  if (fresh->has_average()) copy(old.model().potential(), fresh->model().potential());
  if (ratio == 1.0) {
    std::stringstream state;
    torch::save(old.optimizer(), state);
    torch::load(fresh->optimizer(), state, fresh->device());
    for (auto& group : fresh->optimizer().param_groups()) {
      static_cast<torch::optim::AdamOptions&>(group.options()).lr(scene.optimizer.lr);
    }
  }
  if (old.buffer().capacity() == fresh->buffer().capacity() && old.buffer().size() > 0) {
    fresh->buffer().restore(old.buffer().state());
  }
  fresh->set_iteration(old.iteration());
  return fresh;
}

}  // namespace egeot::studio
