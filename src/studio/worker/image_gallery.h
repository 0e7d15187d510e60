#pragma once
// The gallery of an image scene: the held-out source images (the source spec's test split,
// AFHQ's val), which the model never trained on, paged as thumbnails; one is selected for
// translation. Lives on the trainer thread.
#include "core/data/image_set.h"
#include "core/train/egeot_trainer.h"
#include "studio/protocol/snapshot.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace egeot::studio {

class ImageGallery {
 public:
  static constexpr int kPerPage = 24;
  static constexpr int kColumns = 6;

  // The held-out images of the trainer's source; kept when the source spec is unchanged.
  // When the held-out split cannot be read, the training images stand in and message() says
  // why. Throws InputError only when neither exists.
  void load(const EgeotTrainer& trainer);
  int64_t size() const { return set_.size(); }
  // Clamped into range; true when the page changed.
  bool set_page(int page);
  // Out of range: false, nothing changes. Otherwise true when the selection changed.
  bool select(int64_t index);
  int64_t selected() const { return selected_; }
  torch::Tensor selected_image() const;  // [1, C, H, W]
  void fill(ImageModeView& view) const;

 private:
  void build_page();
  nlohmann::json spec_;
  ImageSet set_;
  std::string dataset_, message_;
  int page_ = 0;
  int64_t selected_ = 0;
  std::shared_ptr<const viz::TileAtlas> page_atlas_, selected_atlas_;
};

}  // namespace egeot::studio
