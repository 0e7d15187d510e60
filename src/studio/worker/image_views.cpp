#include "studio/worker/image_views.h"

#include "core/model/image_translation.h"

#include <torch/torch.h>

namespace egeot::studio {

void ImageViews::reset(EgeotTrainer& trainer) {
  generator_ = nullptr;
  chains_ = TranslationChains();
  if (!trainer.scene().image_scene()) return;
  gallery_.load(trainer);
  generator_ = scene_generator(trainer.model());
  generator_text_ = generator_->describe();
}

void ImageViews::select(int64_t index) {
  if (active() && gallery_.select(index)) chains_.restart();
}

void ImageViews::set_page(int page) {
  if (active()) gallery_.set_page(page);
}

void ImageViews::advance(EgeotTrainer& trainer) {
  if (!active()) return;
  chains_.advance(trainer, *generator_, gallery_.selected_image());
}

void ImageViews::fill(Snapshot& s) const {
  if (!active()) return;
  auto v = std::make_shared<ImageModeView>();
  v->generator = generator_text_;
  gallery_.fill(*v);
  chains_.fill(*v);
  s.images = std::move(v);
}

}  // namespace egeot::studio
