#pragma once
// A set of images in memory, as every image loader returns it (Fashion-MNIST IDX files,
// AFHQ, any folder of images). Pixels are float in [0, 1], channel-first, on the CPU.
#include <torch/types.h>

#include <string>
#include <vector>

namespace egeot {

struct ImageSet {
  torch::Tensor images;                  // [N, C, H, W] float32 in [0, 1]
  torch::Tensor labels;                  // [N] int64 index into class_names; -1 if unlabelled
  std::vector<std::string> class_names;  // e.g. {"t-shirt", ..., "ankle-boot"}
  std::vector<std::string> files;        // per image, the file it came from (empty for IDX)

  int64_t size() const { return images.defined() ? images.size(0) : 0; }
  // The images whose label is `label`, in order (files kept alongside).
  ImageSet of_class(int64_t label) const;
};

}  // namespace egeot
