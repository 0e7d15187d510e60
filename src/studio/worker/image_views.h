#pragma once
// Everything the studio's image mode shows of an image scene's model, computed on the
// trainer thread between training steps: the gallery of held-out sources and the selected
// one's progressive translations, with the status facts (dataset, generator). Inactive (and
// absent from the snapshot) on point scenes, whose views are ModelViews'.
#include "core/generators/generator.h"
#include "core/train/egeot_trainer.h"
#include "studio/protocol/snapshot.h"
#include "studio/worker/image_gallery.h"
#include "studio/worker/translation_chains.h"

#include <memory>
#include <string>

namespace egeot::studio {

class ImageViews {
 public:
  // A new model: an image scene (re)loads its gallery and restarts the translations; a
  // point scene turns image mode off. Throws InputError when the scene has no images.
  void reset(EgeotTrainer& trainer);
  bool active() const { return generator_ != nullptr; }
  // Commands from the gallery; an index outside the gallery is ignored.
  void select(int64_t index);
  void set_page(int page);
  // Same problem, changed model (eps moved on the dial, or a warm start): new chains.
  void model_changed() { chains_.restart(); }

  bool urgent() const { return active() && chains_.urgent(); }
  bool wants_advance(const EgeotTrainer& trainer) const {
    return active() && chains_.wants_advance(trainer);
  }
  // One increment of the translations.
  void advance(EgeotTrainer& trainer);
  void fill(Snapshot& snapshot) const;

 private:
  std::shared_ptr<Generator> generator_;
  std::string generator_text_;
  ImageGallery gallery_;
  TranslationChains chains_;
};

}  // namespace egeot::studio
