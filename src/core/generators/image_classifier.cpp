#include "core/generators/image_classifier.h"

#include "base/atomic_file.h"
#include "base/error.h"
#include "base/file_checksum.h"
#include "base/json_fields.h"
#include "base/notes.h"
#include "base/weights_size.h"
#include "core/nets/module_weights.h"

#include <torch/torch.h>
#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace egeot {

namespace {

constexpr const char* kClassifierFormat = "egeot-classifier-1";
constexpr int64_t kPredictBatch = 1000;

}  // namespace

ClassifierNetImpl::ClassifierNetImpl(const ClassifierSpec& spec) {
  const int64_t w = spec.width;
  conv1_ = register_module(
      "conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(spec.shape.channels, w, 3).padding(1)));
  conv2_ =
      register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(w, 2 * w, 3).padding(1)));
  const int64_t flat = 2 * w * (spec.shape.height / 4) * (spec.shape.width / 4);
  fc1_ = register_module("fc1", torch::nn::Linear(flat, 4 * w));
  fc2_ = register_module("fc2", torch::nn::Linear(4 * w, spec.classes));
}

torch::Tensor ClassifierNetImpl::forward(const torch::Tensor& x) {
  auto h = torch::max_pool2d(torch::relu(conv1_->forward(x)), 2);
  h = torch::max_pool2d(torch::relu(conv2_->forward(h)), 2);
  return fc2_->forward(torch::relu(fc1_->forward(h.flatten(1))));
}

ImageClassifier::ImageClassifier(const ClassifierSpec& spec, std::vector<std::string> class_names,
                                 torch::Device device)
    : spec_(spec), class_names_(std::move(class_names)), device_(device), net_(spec) {
  net_->to(device);
}

torch::Tensor ImageClassifier::predict(const torch::Tensor& images) {
  if (images.dim() != 4 || images.size(1) != spec_.shape.channels ||
      images.size(2) != spec_.shape.height || images.size(3) != spec_.shape.width) {
    throw InputError("classifier: images of shape " + c10::str(images.sizes()) + " (expected [N, " +
                     std::to_string(spec_.shape.channels) + ", " +
                     std::to_string(spec_.shape.height) + ", " + std::to_string(spec_.shape.width) +
                     "])");
  }
  torch::NoGradGuard no_grad;
  net_->eval();
  std::vector<torch::Tensor> labels;
  for (int64_t i = 0; i < images.size(0); i += kPredictBatch) {
    const auto batch = images.narrow(0, i, std::min(kPredictBatch, images.size(0) - i));
    labels.push_back(net_->forward(batch.to(device_, torch::kFloat32)).argmax(1).cpu());
  }
  if (labels.empty()) return torch::empty({0}, torch::kInt64);
  return torch::cat(labels);
}

void ImageClassifier::to(torch::Device device) {
  net_->to(device);
  device_ = device;
}

double ImageClassifier::accuracy(const ImageSet& set) {
  if (set.size() == 0) return 0.0;
  return predict(set.images).eq(set.labels.cpu()).to(torch::kFloat64).mean().item<double>();
}

int64_t ImageClassifier::class_index(const std::string& name) const {
  const auto it = std::find(class_names_.begin(), class_names_.end(), name);
  return it == class_names_.end() ? -1 : it - class_names_.begin();
}

bool is_classifier_dir(const std::string& dir) {
  return has_config_format(dir, kClassifierFormat);
}

void save_image_classifier(const std::string& dir, ImageClassifier& classifier) {
  write_directory_atomically(dir, "the classifier", [&](const std::string& tmp_dir) {
    const fs::path tmp(tmp_dir);
    save_module_weights((tmp / "weights.pt").string(), *classifier.net());
    const auto& s = classifier.spec();
    const nlohmann::json config = {
        {"format", kClassifierFormat},
        {"image",
         {{"channels", s.shape.channels}, {"height", s.shape.height}, {"width", s.shape.width}}},
        {"width", s.width},
        {"class_names", classifier.class_names()},
        {"weights", "weights.pt"},
        {"info", classifier.info()},
        {"files", digest_files(tmp_dir, {"weights.pt"})},
    };
    write_text_atomically((tmp / "config.json").string(), config.dump(2) + "\n");
  });
}

std::shared_ptr<ImageClassifier> load_image_classifier(const std::string& dir,
                                                       torch::Device device) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir + ": no such classifier directory");
  const std::string path = dir + "/config.json";
  if (!fs::exists(path, ec)) {
    throw InputError(path + ": missing (is " + dir +
                     " a classifier written by egeot fit-classifier?)");
  }
  const auto doc = read_json_file(path);
  JsonFields root(doc, path);
  if (root.string("format") != kClassifierFormat) root.fail("format", std::string("\"") + kClassifierFormat + "\"");
  ClassifierSpec spec;
  auto image = root.child("image");
  spec.shape.channels = image.integer("channels", 1, 3);
  spec.shape.height = image.integer("height", 4, 1024);
  spec.shape.width = image.integer("width", 4, 1024);
  spec.width = root.integer("width", 1, 512);
  if (!doc.contains("class_names") || !doc["class_names"].is_array() ||
      doc["class_names"].size() < 2 ||
      !std::all_of(doc["class_names"].begin(), doc["class_names"].end(),
                   [](const nlohmann::json& v) { return v.is_string(); })) {
    root.fail("class_names", "a list of at least two class names");
  }
  const auto names = doc["class_names"].get<std::vector<std::string>>();
  spec.classes = static_cast<int64_t>(names.size());
  // Its first linear layer alone has 2 width x (H/4) x (W/4) x 4 width weights.
  check_weights_can_hold(dir + "/" + root.file_name("weights"),
                         8.0 * static_cast<double>(spec.width) * static_cast<double>(spec.width) *
                             static_cast<double>(spec.shape.height / 4) * static_cast<double>(spec.shape.width / 4),
                         path);
  auto classifier = std::make_shared<ImageClassifier>(spec, names, torch::kCPU);
  const std::string weights_name = root.file_name("weights");
  const CommittedFiles committed(doc, path, "the classifier");
  committed.verify(weights_name);
  if (!committed.note().empty()) emit_note(committed.note());
  const std::string weights = dir + "/" + weights_name;
  load_module_weights(weights, *classifier->net(), "the classifier");
  for (auto& p : classifier->net()->parameters()) p.set_requires_grad(false);
  if (doc.contains("info") && doc["info"].is_object()) classifier->info() = doc["info"];
  classifier->to(device);
  return classifier;
}

}  // namespace egeot
