#pragma once
// K translations of one source image, shown while they are being sampled: K Langevin chains
// z ~ pi(.|x) in the generator's latent space, started from the prior N(0, I) and advanced a
// few steps at a time (each increment decoded to G(z) and published), so the studio shows
// them sharpen instead of a long wait. Restarted when the source, eps or model generation
// change; once the target number of steps has run they keep following the training model.
#include "core/generators/generator.h"
#include "core/train/egeot_trainer.h"
#include "studio/protocol/snapshot.h"

#include <memory>

namespace egeot::studio {

class TranslationChains {
 public:
  static constexpr int64_t kChains = 16;
  static constexpr int kColumns = 4;
  static constexpr int64_t kIncrements = 20;  // increments to reach the target steps

  // Start again from the prior at the next advance (the picture stays until then).
  void restart() { restart_ = true; }
  // A restart is waiting: the user asked for something and waits on it.
  bool urgent() const { return restart_; }
  // Whether an advance would do anything: a run in progress, or a finished one whose model
  // has trained since.
  bool wants_advance(const EgeotTrainer& trainer) const;
  // One increment for source [1, C, H, W]: up to the target's 1/kIncrements Langevin steps at
  // the trainer's eps (a changed eps restarts from the prior), then G(z) into the atlas.
  void advance(EgeotTrainer& trainer, Generator& generator, const torch::Tensor& source);
  void fill(ImageModeView& view) const;

 private:
  torch::Tensor z_;  // [kChains, z_dim] on the trainer's device
  int64_t steps_run_ = 0, steps_total_ = 0, model_iteration_ = -1;
  double eps_ = 0;
  bool restart_ = true;
  std::shared_ptr<const viz::TileAtlas> atlas_;
};

}  // namespace egeot::studio
