#pragma once
// Trains egeot's image classifier (cross-entropy, Adam, shuffled mini-batches), and keeps one
// trained on Fashion-MNIST in the cache so `egeot eval` trains it once:
// $XDG_CACHE_HOME/egeot/classifiers (or ~/.cache/egeot/classifiers).
#include "core/generators/image_classifier.h"

#include <functional>
#include <memory>
#include <string>

namespace egeot {

struct ClassifierFitOptions {
  int64_t epochs = 4;
  int64_t batch = 128;
  double lr = 2e-3;         // Adam; halved for the last epoch
  int64_t width = 16;       // ClassifierSpec::width
  int64_t train_limit = 0;  // use only the first N training images (0 = all; for tests)
  uint64_t seed = 0;
};

struct ClassifierFitStep {
  int64_t iteration = 0;  // 1-based
  int64_t total = 0;
  double loss = 0;      // cross-entropy on the batch
  double accuracy = 0;  // on the batch
};

// Returns false to stop early; the classifier trained so far is returned.
using ClassifierFitProgress = std::function<bool(const ClassifierFitStep&)>;

// train: labelled images (labels in [0, class_names.size())). Throws InputError on unlabelled
// images or when the loss stops being finite.
std::shared_ptr<ImageClassifier> fit_image_classifier(const ImageSet& train,
                                                      const ClassifierFitOptions& options,
                                                      torch::Device device,
                                                      const ClassifierFitProgress& progress = {});

// The labelled train and test splits a classifier is trained and scored on; dataset:
// "fashion-mnist" (the only one: AFHQ translations are judged by eye).
ImageSet classifier_split(const std::string& dataset, const std::string& split);

// Fits on the train split, scores on the test split and records dataset, settings, fit time
// and test_accuracy in info(). Not saved.
std::shared_ptr<ImageClassifier> fit_dataset_classifier(const std::string& dataset,
                                                        const ClassifierFitOptions& options,
                                                        torch::Device device,
                                                        const ClassifierFitProgress& progress = {});

// The cached classifier directory for these settings, fitted (on the CPU) if missing. Safe
// against concurrent callers (each fits into its own temporary; the first rename wins).
// cache_root overrides egeot_cache_dir() (tests).
std::string ensure_classifier(const std::string& dataset, const ClassifierFitOptions& options = {},
                              const ClassifierFitProgress& progress = {},
                              const std::string& cache_root = "");

}  // namespace egeot
