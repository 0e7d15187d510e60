#include "core/generators/classifier_fit.h"

#include "base/error.h"
#include "core/data/fashion_mnist.h"
#include "core/generators/generator_cache.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;

namespace egeot {

std::shared_ptr<ImageClassifier> fit_image_classifier(const ImageSet& train_in,
                                                      const ClassifierFitOptions& o,
                                                      torch::Device device,
                                                      const ClassifierFitProgress& progress) {
  if (o.epochs < 1 || o.batch < 1 || !(o.lr > 0) || o.width < 1) {
    throw InputError("classifier: epochs, batch, lr and width must be positive");
  }
  const int64_t classes = static_cast<int64_t>(train_in.class_names.size());
  if (train_in.size() == 0 || classes < 2) {
    throw InputError("classifier: no labelled training images (need at least two classes)");
  }
  int64_t n = train_in.size();
  if (o.train_limit > 0) n = std::min(n, o.train_limit);
  const auto images = train_in.images.narrow(0, 0, n).to(torch::kFloat32);
  const auto labels = train_in.labels.narrow(0, 0, n).to(torch::kInt64);
  if (labels.min().item<int64_t>() < 0 || labels.max().item<int64_t>() >= classes) {
    throw InputError("classifier: training labels outside 0.." + std::to_string(classes - 1) +
                     " (unlabelled images cannot train a classifier)");
  }
  if (images.size(2) % 4 || images.size(3) % 4) {
    throw InputError("classifier: image height and width must be divisible by 4, got " +
                     c10::str(images.sizes()));
  }

  torch::manual_seed(o.seed);  // the network's initial weights
  ClassifierSpec spec;
  spec.shape = {images.size(1), images.size(2), images.size(3)};
  spec.classes = classes;
  spec.width = o.width;
  auto classifier = std::make_shared<ImageClassifier>(spec, train_in.class_names, device);
  auto& net = classifier->net();
  torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(o.lr));
  auto shuffle = at::detail::createCPUGenerator(o.seed + 1);

  const int64_t per_epoch = (n + o.batch - 1) / o.batch;
  const int64_t total = per_epoch * o.epochs;
  int64_t iteration = 0;
  net->train();
  for (int64_t epoch = 0; epoch < o.epochs; ++epoch) {
    if (epoch == o.epochs - 1 && o.epochs > 1) {
      static_cast<torch::optim::AdamOptions&>(adam.param_groups()[0].options()).lr(o.lr / 2);
    }
    const auto order = torch::randperm(n, shuffle, torch::kInt64);
    for (int64_t start = 0; start < n; start += o.batch) {
      const auto idx = order.narrow(0, start, std::min(o.batch, n - start));
      const auto x = images.index_select(0, idx).to(device);
      const auto y = labels.index_select(0, idx).to(device);
      const auto logits = net->forward(x);
      const auto loss = torch::cross_entropy_loss(logits, y);
      adam.zero_grad();
      loss.backward();
      adam.step();
      ++iteration;
      const double value = loss.item<double>();
      if (!std::isfinite(value)) {
        throw InputError("classifier: the training loss became " + std::to_string(value) +
                         " at iteration " + std::to_string(iteration) + "; try a smaller lr");
      }
      if (progress) {
        const double acc = logits.argmax(1).eq(y).to(torch::kFloat64).mean().item<double>();
        if (!progress({iteration, total, value, acc})) {
          net->eval();
          return classifier;
        }
      }
    }
  }
  net->eval();
  for (auto& p : net->parameters()) p.set_requires_grad(false);
  return classifier;
}

ImageSet classifier_split(const std::string& dataset, const std::string& split) {
  if (dataset != "fashion-mnist") {
    throw InputError("--dataset '" + dataset +
                     "': the classifier is trained on fashion-mnist only (expected "
                     "fashion-mnist)");
  }
  return load_fashion_mnist(split);
}

std::shared_ptr<ImageClassifier> fit_dataset_classifier(const std::string& dataset,
                                                        const ClassifierFitOptions& o,
                                                        torch::Device device,
                                                        const ClassifierFitProgress& progress) {
  const ImageSet train = classifier_split(dataset, "train");
  const ImageSet test = classifier_split(dataset, "test");
  const auto t0 = std::chrono::steady_clock::now();
  auto classifier = fit_image_classifier(train, o, device, progress);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double test_accuracy = classifier->accuracy(test);
  classifier->info() = {
      {"dataset", dataset},
      {"epochs", o.epochs},
      {"batch", o.batch},
      {"lr", o.lr},
      {"seed", o.seed},
      {"train_images", o.train_limit > 0 ? std::min(o.train_limit, train.size()) : train.size()},
      {"test_images", test.size()},
      {"test_accuracy", test_accuracy},
      {"fit_seconds", seconds},
  };
  return classifier;
}

std::string ensure_classifier(const std::string& dataset, const ClassifierFitOptions& o,
                              const ClassifierFitProgress& progress,
                              const std::string& cache_root) {
  const std::string root = (cache_root.empty() ? egeot_cache_dir() : cache_root) + "/classifiers";
  std::string key = dataset + "-w" + std::to_string(o.width) + "-e" + std::to_string(o.epochs) +
                    "-b" + std::to_string(o.batch) + "-s" + std::to_string(o.seed);
  if (o.train_limit > 0) key += "-n" + std::to_string(o.train_limit);
  const std::string dir = root + "/" + key;
  if (is_classifier_dir(dir)) return dir;
  auto classifier = fit_dataset_classifier(dataset, o, torch::kCPU, progress);
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) throw InputError(root + ": cannot create the cache directory (" + ec.message() + ")");
  try {
    save_image_classifier(dir, *classifier);
  } catch (const InputError&) {
    if (!is_classifier_dir(dir)) throw;  // another process finished first: keep theirs
  }
  return dir;
}

}  // namespace egeot
