#include "core/data/fashion_mnist.h"

#include "base/error.h"
#include "base/idx_file.h"

#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>

namespace egeot {
namespace {

constexpr const char* kPackageDir = "/usr/share/datasets/fashion-mnist";

std::string join_names() {
  std::string out;
  for (const auto& n : fashion_mnist_class_names()) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

const std::vector<std::string>& fashion_mnist_class_names() {
  static const std::vector<std::string> names{"t-shirt", "trouser",   "pullover", "dress",
                                              "coat",    "sandal",    "shirt",    "sneaker",
                                              "bag",     "ankle-boot"};
  return names;
}

int64_t fashion_mnist_class(const std::string& name) {
  const auto& names = fashion_mnist_class_names();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int64_t>(i);
  }
  throw InputError("unknown Fashion-MNIST class '" + name + "'; expected one of: " + join_names());
}

std::string fashion_mnist_root(const std::string& root) {
  if (!root.empty()) return root;
  const char* env = std::getenv("EGEOT_FASHION_MNIST");
  if (env && *env) return env;
  return kPackageDir;
}

ImageSet load_fashion_mnist(const std::string& split, const std::string& root_in) {
  if (split != "train" && split != "test") {
    throw InputError("Fashion-MNIST split '" + split + "': expected train or test");
  }
  const std::string root = fashion_mnist_root(root_in);
  const std::string prefix = root + "/" + (split == "train" ? "train" : "t10k");
  const std::string images_path = prefix + "-images-idx3-ubyte.gz";
  const std::string labels_path = prefix + "-labels-idx1-ubyte.gz";
  for (const auto& path : {images_path, labels_path}) {
    if (!std::filesystem::exists(path)) {
      throw InputError(path +
                       ": missing; Fashion-MNIST comes with the Debian package "
                       "dataset-fashion-mnist (run scripts/setup or apt install "
                       "dataset-fashion-mnist), or set EGEOT_FASHION_MNIST to its directory");
    }
  }
  IdxArray images = read_idx_ubyte(images_path, 3);
  IdxArray labels = read_idx_ubyte(labels_path, 1);
  if (images.dims[1] != 28 || images.dims[2] != 28) {
    throw InputError(images_path + ": images are " + std::to_string(images.dims[1]) + "x" +
                     std::to_string(images.dims[2]) + ", expected 28x28");
  }
  if (images.dims[0] != labels.dims[0]) {
    throw InputError(labels_path + ": holds " + std::to_string(labels.dims[0]) + " labels but " +
                     images_path + " holds " + std::to_string(images.dims[0]) + " images");
  }
  for (size_t i = 0; i < labels.bytes.size(); ++i) {
    if (labels.bytes[i] > 9) {
      throw InputError(labels_path + ": label " + std::to_string(labels.bytes[i]) + " at index " +
                       std::to_string(i) + ", expected 0 to 9");
    }
  }
  ImageSet set;
  const int64_t n = images.dims[0];
  set.images = torch::from_blob(images.bytes.data(), {n, 1, 28, 28}, torch::kUInt8)
                   .to(torch::kFloat32)
                   .div_(255.0);
  set.labels = torch::from_blob(labels.bytes.data(), {n}, torch::kUInt8).to(torch::kInt64);
  set.class_names = fashion_mnist_class_names();
  return set;
}

}  // namespace egeot
