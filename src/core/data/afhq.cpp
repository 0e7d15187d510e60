#include "core/data/afhq.h"

#include "base/error.h"

#include <torch/torch.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace egeot {
namespace {

constexpr const char* kWhere =
    "AFHQ is at https://github.com/clovaai/stargan-v2 (download it yourself; egeot never "
    "downloads)";

void require_dir(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    throw InputError(path + ": no such directory; " + kWhere);
  }
}

}  // namespace

const std::vector<std::string>& afhq_class_names() {
  static const std::vector<std::string> names{"cat", "dog", "wild"};
  return names;
}

ImageSet load_afhq(const std::string& root, const std::string& split,
                   const ImageLoadOptions& options, const std::vector<std::string>& classes_in,
                   const WarningSink& warn) {
  if (split != "train" && split != "val") {
    throw InputError("AFHQ split '" + split + "': expected train or val");
  }
  const auto classes = classes_in.empty() ? afhq_class_names() : classes_in;
  for (const auto& c : classes) {
    bool known = false;
    for (const auto& k : afhq_class_names()) known = known || k == c;
    if (!known) throw InputError("unknown AFHQ class '" + c + "'; expected one of: cat, dog, wild");
  }
  require_dir(root);
  require_dir(root + "/" + split);
  for (const auto& c : classes) require_dir(root + "/" + split + "/" + c);
  ImageSet set;
  std::vector<torch::Tensor> images, labels;
  for (size_t k = 0; k < classes.size(); ++k) {
    const std::string dir = root + "/" + split + "/" + classes[k];
    ImageSet one = load_image_folder(dir, options, warn);
    images.push_back(one.images);
    labels.push_back(torch::full({one.size()}, static_cast<int64_t>(k), torch::kInt64));
    set.files.insert(set.files.end(), one.files.begin(), one.files.end());
  }
  set.images = torch::cat(images);
  set.labels = torch::cat(labels);
  set.class_names = classes;
  return set;
}

}  // namespace egeot
