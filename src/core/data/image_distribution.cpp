#include "core/data/image_distribution.h"

#include "base/error.h"
#include "base/json_fields.h"
#include "core/data/afhq.h"
#include "core/data/fashion_mnist.h"
#include "core/data/image_folder.h"

#include <torch/torch.h>

#include <algorithm>
#include <iostream>

namespace egeot {

ImageDistribution::ImageDistribution(ImageSet images, std::string name)
    : images_(std::move(images)), name_(std::move(name)) {
  if (images_.size() == 0) throw InputError(name_ + ": no images");
}

torch::Tensor ImageDistribution::sample(int64_t n) const {
  auto index = torch::randint(images_.size(), {n}, torch::kLong);
  return images_.images.index_select(0, index).flatten(1);
}

int64_t ImageDistribution::dim() const {
  return images_.images[0].numel();
}

namespace {

ImageShape shape_field(const JsonFields& f, const ImageShape& fallback) {
  if (!f.has("size")) return fallback;
  const auto v = f.integers("size", 1, 4096);
  if (v.size() != 3 || (v[0] != 1 && v[0] != 3))
    f.fail("size", "[channels (1 or 3), height, width]");
  return ImageShape{v[0], v[1], v[2]};
}

// Fashion-MNIST's label for the spec's class; fails naming the field when unknown.
int64_t fashion_label(const JsonFields& f) {
  const auto& names = fashion_mnist_class_names();
  const auto name = f.string("class");
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    f.fail("class", "a Fashion-MNIST class (" + list + ")");
  }
  return it - names.begin();
}

void check_dataset(const JsonFields& f) {
  const auto dataset = f.string("dataset");
  if (dataset != "fashion-mnist" && dataset != "afhq" && dataset != "folder") {
    f.fail("dataset", "\"fashion-mnist\", \"afhq\" or \"folder\"");
  }
}

}  // namespace

int64_t image_spec_dim(const nlohmann::json& spec, const std::string& origin, const std::string& field) {
  JsonFields f(spec, origin, field);
  check_dataset(f);
  const auto dataset = f.string("dataset");
  if (dataset == "fashion-mnist") {
    fashion_label(f);
    return 28 * 28;
  }
  if (dataset == "afhq") {
    f.string("root");
    f.string("class");
  } else {
    f.string("path");
  }
  return shape_field(f, ImageShape{3, 64, 64}).numel();
}

ImageSet load_image_spec(const nlohmann::json& spec, const std::string& origin,
                         const std::string& field, const std::string& split_override,
                         const std::function<void(const std::string&)>& warn) {
  JsonFields f(spec, origin, field);
  check_dataset(f);
  const auto dataset = f.string("dataset");
  if (dataset == "fashion-mnist") {
    auto split = split_override.empty() ? f.string_or("split", "train") : split_override;
    if (split != "train" && split != "test") f.fail("split", "\"train\" or \"test\"");
    return load_fashion_mnist(split, f.string_or("root", "")).of_class(fashion_label(f));
  }
  ImageLoadOptions options;
  options.shape = shape_field(f, ImageShape{3, 64, 64});
  options.limit = f.integer_or("limit", 0, 0, 10000000);
  if (dataset == "afhq") {
    auto split = split_override.empty() ? f.string_or("split", "train") : split_override;
    if (split == "test") split = "val";
    const auto cls = f.string("class");
    return load_afhq(f.string("root"), split, options, {cls}, warn);
  }
  return load_image_folder(f.string("path"), options, warn);
}

std::unique_ptr<ImageDistribution> make_image_distribution(const nlohmann::json& spec,
                                                           const std::string& origin,
                                                           const std::string& field) {
  auto images = load_image_spec(spec, origin, field, "", [](const std::string& line) {
    std::cerr << "egeot: warning: " << line << "\n";
  });
  JsonFields f(spec, origin, field);
  std::string name = f.string("dataset");
  if (f.has("class")) name += "/" + f.string("class");
  return std::make_unique<ImageDistribution>(std::move(images), name);
}

}  // namespace egeot
