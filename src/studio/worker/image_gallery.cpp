#include "studio/worker/image_gallery.h"

#include "base/error.h"
#include "core/data/image_distribution.h"
#include "studio/worker/image_atlas.h"

#include <torch/torch.h>

#include <algorithm>

namespace egeot::studio {
void ImageGallery::load(const EgeotTrainer& trainer) {
  const Scene& scene = trainer.scene();
  if (set_.size() > 0 && scene.source == spec_) return;  // same images: keep page and choice
  const std::string dataset = scene.source.value("dataset", std::string("images"));
  std::string name = dataset;
  if (scene.source.contains("class")) name += "/" + scene.source.value("class", std::string());
  message_.clear();
  if (dataset == "folder") {
    // A folder has no held-out split: the training images are all there is.
    set_ = load_image_spec(scene.source, scene.name, "source");
    dataset_ = name + " (the training folder; no held-out split)";
  } else {
    const std::string held_out = dataset == "afhq" ? "val" : "test";
    try {
      set_ = load_image_spec(scene.source, scene.name, "source", "test");
      dataset_ = name + ", " + held_out + " split (held out)";
    } catch (const std::exception& e) {
      const auto* source = dynamic_cast<const ImageDistribution*>(&trainer.model().source());
      if (!source) throw;
      set_ = source->images();
      dataset_ = name + ", training images";
      message_ = "no held-out split (" + first_line(e) + "): showing the training images";
    }
  }
  if (set_.size() == 0) throw InputError(scene.name + ": the source has no images to show");
  spec_ = scene.source;
  page_ = 0;
  selected_ = 0;
  build_page();
  selected_atlas_ = to_atlas(selected_image(), 1);
}

bool ImageGallery::set_page(int page) {
  const int pages = int((size() + kPerPage - 1) / kPerPage);
  page = std::clamp(page, 0, std::max(0, pages - 1));
  if (page == page_) return false;
  page_ = page;
  build_page();
  return true;
}

bool ImageGallery::select(int64_t index) {
  if (index < 0 || index >= size()) return false;
  if (index == selected_) return false;
  selected_ = index;
  selected_atlas_ = to_atlas(selected_image(), 1);
  return true;
}

torch::Tensor ImageGallery::selected_image() const {
  return set_.images.narrow(0, selected_, 1);
}

void ImageGallery::build_page() {
  const int64_t first = int64_t(page_) * kPerPage;
  const int64_t n = std::min<int64_t>(kPerPage, size() - first);
  page_atlas_ = to_atlas(set_.images.narrow(0, first, n), kColumns);
}

void ImageGallery::fill(ImageModeView& v) const {
  v.dataset = dataset_;
  v.count = size();
  if (!message_.empty()) v.message = message_;
  v.per_page = kPerPage;
  v.page = page_;
  v.pages = int((size() + kPerPage - 1) / kPerPage);
  v.first = int64_t(page_) * kPerPage;
  v.gallery = page_atlas_;
  v.selected = selected_;
  v.source = selected_atlas_;
}

}  // namespace egeot::studio
