#include "studio/worker/translation_chains.h"

#include "core/model/image_translation.h"
#include "studio/worker/image_atlas.h"

#include <torch/torch.h>

#include <algorithm>

namespace egeot::studio {

bool TranslationChains::wants_advance(const EgeotTrainer& trainer) const {
  return restart_ || !z_.defined() || trainer.scene().eps != eps_ || steps_run_ < steps_total_ ||
         trainer.iteration() != model_iteration_;
}

void TranslationChains::advance(EgeotTrainer& trainer, Generator& generator,
                                const torch::Tensor& source) {
  const double eps = trainer.scene().eps;
  if (restart_ || !z_.defined() || eps != eps_) {
    z_ = torch::randn({kChains, trainer.scene().potential.dim},
                      torch::TensorOptions().device(trainer.device()));
    steps_run_ = 0;
    steps_total_ = default_translation_steps(trainer.model());
    eps_ = eps;
    restart_ = false;
  }
  const int64_t chunk = std::max<int64_t>(1, steps_total_ / kIncrements);
  // Row j is chain j of the one source x.
  auto x = source.flatten(1).to(trainer.device()).expand({kChains, -1}).contiguous();
  // Fresh chains temper down to eps as `egeot translate` does; the increments continue the
  // schedule where the last one stopped.
  auto anneal = trainer.model().fresh_anneal(steps_total_, kTranslationAnneal);
  anneal.offset = steps_run_;
  z_ = trainer.model().sample_conditional_from(x, z_, chunk, eps_, anneal).detach();
  steps_run_ += chunk;
  model_iteration_ = trainer.iteration();
  torch::NoGradGuard no_grad;
  atlas_ = to_atlas(generator.decode(z_.to(generator.device())), kColumns);
}

void TranslationChains::fill(ImageModeView& v) const {
  v.translations = atlas_;
  v.steps_run = steps_run_;
  v.steps_total = steps_total_;
  v.eps = eps_;
  v.model_iteration = model_iteration_;
}

}  // namespace egeot::studio
