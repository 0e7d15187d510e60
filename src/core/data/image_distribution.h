#pragma once
// Source images as a Distribution for image scenes: a fixed set of images (one class of a
// dataset split, or a folder), drawn uniformly with replacement and returned flattened
// [n, C*H*W], so the trainer, sampler and replay buffer treat them like any source point.
#include "core/data/distribution.h"
#include "core/data/image_set.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace egeot {

class ImageDistribution : public Distribution {
 public:
  ImageDistribution(ImageSet images, std::string name);
  torch::Tensor sample(int64_t n) const override;
  int64_t dim() const override;
  std::string name() const override { return name_; }
  const ImageSet& images() const { return images_; }

 private:
  ImageSet images_;
  std::string name_;
};

// The images a spec names, e.g.
//   {"type": "images", "dataset": "fashion-mnist", "class": "sneaker", "split": "train"}
//   {"type": "images", "dataset": "afhq", "root": "data/afhq", "class": "cat", "split": "val",
//    "size": [3, 64, 64]}
//   {"type": "images", "dataset": "folder", "path": "my-photos", "size": [3, 64, 64]}
// split_override replaces the spec's split (e.g. "test" for held-out evaluation).
// Skipped files are reported through warn. Errors name origin and field.
ImageSet load_image_spec(const nlohmann::json& spec, const std::string& origin,
                         const std::string& field, const std::string& split_override = "",
                         const std::function<void(const std::string&)>& warn = {});

// The flattened size of the images a spec names (C*H*W), its fields checked but no file read:
// scenes are parsed (listed, checkpoints read) without loading their datasets.
int64_t image_spec_dim(const nlohmann::json& spec, const std::string& origin, const std::string& field);

std::unique_ptr<ImageDistribution> make_image_distribution(const nlohmann::json& spec,
                                                           const std::string& origin,
                                                           const std::string& field);

}  // namespace egeot
