#pragma once
// A small CNN image classifier that egeot trains itself (Fashion-MNIST's train split), used by
// `egeot eval` to tell what class a translation is: the share of translations of a sneaker
// that the classifier calls an ankle boot. Saved as a directory: weights.pt beside
// config.json (written last, the commit point) holding the class names and the test accuracy.
#include "core/data/image_set.h"
#include "core/generators/generator.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace egeot {

struct ClassifierSpec {
  ImageShape shape{1, 28, 28};  // height and width divisible by 4
  int64_t classes = 10;
  int64_t width = 16;  // channels of the first convolution; the second has twice as many
};

// [B, C, H, W] in [0, 1] -> conv 3x3 (w) -> ReLU -> max-pool 2 -> conv 3x3 (2w) -> ReLU
// -> max-pool 2 -> Linear (4w) -> ReLU -> Linear -> logits [B, classes].
class ClassifierNetImpl : public torch::nn::Module {
 public:
  explicit ClassifierNetImpl(const ClassifierSpec& spec);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
  torch::nn::Linear fc1_{nullptr}, fc2_{nullptr};
};
TORCH_MODULE(ClassifierNet);

class ImageClassifier {
 public:
  ImageClassifier(const ClassifierSpec& spec, std::vector<std::string> class_names,
                  torch::Device device);

  // images [N, C, H, W] in [0, 1] (any device) -> labels [N] int64 on the CPU, in batches.
  torch::Tensor predict(const torch::Tensor& images);
  // Share of `set`'s images whose predicted label is their label.
  double accuracy(const ImageSet& set);

  const ClassifierSpec& spec() const { return spec_; }
  const std::vector<std::string>& class_names() const { return class_names_; }
  // Index of a class name; -1 when unknown.
  int64_t class_index(const std::string& name) const;
  ClassifierNet& net() { return net_; }
  torch::Device device() const { return device_; }
  void to(torch::Device device);
  // Free-form facts kept in config.json: dataset, test accuracy, fit time and settings.
  nlohmann::json& info() { return info_; }
  const nlohmann::json& info() const { return info_; }

 private:
  ClassifierSpec spec_;
  std::vector<std::string> class_names_;
  torch::Device device_;
  ClassifierNet net_{nullptr};
  nlohmann::json info_ = nlohmann::json::object();
};

// True when `dir` holds a config.json of egeot's classifier format.
bool is_classifier_dir(const std::string& dir);

// Writes into a sibling temporary directory and renames it to `dir` (config.json written last
// inside it); refuses an existing non-empty `dir`, so nothing is ever overwritten.
void save_image_classifier(const std::string& dir, ImageClassifier& classifier);

// Reads a directory written by save_image_classifier; InputError naming the file on any problem.
std::shared_ptr<ImageClassifier> load_image_classifier(const std::string& dir,
                                                       torch::Device device);

}  // namespace egeot
