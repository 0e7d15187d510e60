#pragma once
// Fashion-MNIST from the IDX files of Debian's dataset-fashion-mnist package
// (/usr/share/datasets/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz).
// Classes are addressed by name (e.g. "sneaker", "ankle-boot").
#include "core/data/image_set.h"

#include <string>
#include <vector>

namespace egeot {

// The ten classes in label order: t-shirt, trouser, ..., ankle-boot.
const std::vector<std::string>& fashion_mnist_class_names();
// Label of a class name; throws InputError listing the names when unknown.
int64_t fashion_mnist_class(const std::string& name);

// The dataset directory: `root` if not empty, else $EGEOT_FASHION_MNIST, else the package's.
std::string fashion_mnist_root(const std::string& root = "");

// split: "train" (60000 images) or "test" (10000). Images [N, 1, 28, 28] in [0, 1].
// Throws InputError naming the file when missing (and the package that provides it),
// corrupt, truncated, or inconsistent with its labels file.
ImageSet load_fashion_mnist(const std::string& split, const std::string& root = "");

}  // namespace egeot
