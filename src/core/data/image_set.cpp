#include "core/data/image_set.h"

#include <torch/torch.h>

namespace egeot {

ImageSet ImageSet::of_class(int64_t label) const {
  ImageSet out;
  out.class_names = class_names;
  if (!images.defined()) return out;
  const auto index = torch::nonzero(labels == label).flatten();
  out.images = images.index_select(0, index);
  out.labels = labels.index_select(0, index);
  if (!files.empty()) {
    const auto* idx = index.data_ptr<int64_t>();
    for (int64_t i = 0; i < index.size(0); ++i) out.files.push_back(files[idx[i]]);
  }
  return out;
}

}  // namespace egeot
