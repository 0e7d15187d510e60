// egeot's image classifier on real Fashion-MNIST (Debian's dataset-fashion-mnist), CI-sized:
// a short fit classifies held-out images far above chance; save/load round-trips; bad
// directories are refused without touching anything; the cache trains once.
#include "test_prelude.h"

#include "core/generators/classifier_fit.h"
#include "base/error.h"
#include "core/data/fashion_mnist.h"
#include "core/generators/image_classifier.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <sstream>

using namespace egeot;
namespace fs = std::filesystem;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ImageSet head(const ImageSet& set, int64_t n) {
  ImageSet out = set;
  out.images = set.images.narrow(0, 0, n);
  out.labels = set.labels.narrow(0, 0, n);
  return out;
}

// One short fit shared by the cases below (3000 images, 2 epochs: a few seconds).
std::shared_ptr<ImageClassifier> small_classifier() {
  static std::shared_ptr<ImageClassifier> c = [] {
    ClassifierFitOptions o;
    o.epochs = 2;
    o.batch = 32;
    o.width = 8;
    o.train_limit = 3000;
    o.seed = 5;
    return fit_image_classifier(load_fashion_mnist("train"), o, torch::kCPU);
  }();
  return c;
}

}  // namespace

TEST_SUITE("image_classifier") {
  TEST_CASE("a short fit classifies held-out images far above chance, and the loss falls") {
    ClassifierFitOptions o;
    o.epochs = 2;
    o.batch = 32;
    o.width = 8;
    o.train_limit = 3000;
    o.seed = 5;
    std::vector<double> losses;
    auto c = fit_image_classifier(load_fashion_mnist("train"), o, torch::kCPU,
                                  [&](const ClassifierFitStep& s) {
                                    losses.push_back(s.loss);
                                    return true;
                                  });
    REQUIRE(losses.size() == 2 * ((3000 + 31) / 32));
    auto mean = [](auto begin, auto end) {
      return std::accumulate(begin, end, 0.0) / (end - begin);
    };
    // Cross-entropy starts near log(10) = 2.30 and must fall well below it.
    CHECK(mean(losses.begin(), losses.begin() + 5) > 1.8);
    CHECK(mean(losses.end() - 10, losses.end()) < 0.9);
    // Chance is 10 %; on 2000 test images one standard error is at most 1.1 %, so 60 % is
    // dozens of standard errors above chance (measured: 72 % for this setting).
    const double acc = c->accuracy(head(load_fashion_mnist("test"), 2000));
    MESSAGE("accuracy of the 3000-image, 2-epoch classifier on 2000 test images: " << acc);
    CHECK(acc > 0.6);
  }

  TEST_CASE("save and load round-trip the predictions, class names and info") {
    auto c = small_classifier();
    c->info() = {{"test_accuracy", 0.5}, {"dataset", "fashion-mnist"}};
    const auto dir = test::temp_dir("classifier_roundtrip") + "/clf";
    save_image_classifier(dir, *c);
    CHECK(is_classifier_dir(dir));
    auto loaded = load_image_classifier(dir, torch::kCPU);
    const auto test = head(load_fashion_mnist("test"), 500);
    CHECK(torch::equal(loaded->predict(test.images), c->predict(test.images)));
    CHECK(loaded->class_names() == fashion_mnist_class_names());
    CHECK(loaded->class_index("ankle-boot") == 9);
    CHECK(loaded->class_index("llama") == -1);
    CHECK(loaded->info()["test_accuracy"].get<double>() == 0.5);
    // Saving again over it is refused and leaves it as it was.
    const auto before = slurp(dir + "/config.json");
    CHECK(test::error_of([&] { save_image_classifier(dir, *c); }).find("already exists") !=
          std::string::npos);
    CHECK(slurp(dir + "/config.json") == before);
  }

  TEST_CASE("bad classifier directories are named") {
    auto c = small_classifier();
    const auto root = test::temp_dir("classifier_bad");
    CHECK(test::error_of([&] { load_image_classifier(root + "/none", torch::kCPU); }) ==
          root + "/none: no such classifier directory");
    fs::create_directories(root + "/empty");
    CHECK(test::error_of([&] {
            load_image_classifier(root + "/empty", torch::kCPU);
          }).find(root + "/empty/config.json: missing") == 0);
    save_image_classifier(root + "/clf", *c);
    // Weights of another width than config.json says.
    auto config = slurp(root + "/clf/config.json");
    const auto at = config.find("\"width\": 8");
    REQUIRE(at != std::string::npos);
    std::ofstream(root + "/clf/config.json") << config.replace(at, 11, "\"width\": 9");
    CHECK(test::error_of([&] {
            load_image_classifier(root + "/clf", torch::kCPU);
          }).find(root + "/clf/weights.pt: tensor 'conv1.weight' has shape [8, 1, 3, 3]") == 0);
    std::ofstream(root + "/clf/config.json") << "{ not json";
    CHECK(test::error_of([&] {
            load_image_classifier(root + "/clf", torch::kCPU);
          }).find(root + "/clf/config.json") == 0);
    CHECK_FALSE(is_classifier_dir(root + "/clf"));
    // Images of the wrong shape.
    CHECK(test::error_of([&] {
            c->predict(torch::zeros({2, 3, 28, 28}));
          }).find("classifier: images of shape [2, 3, 28, 28] (expected [N, 1, 28, 28])") == 0);
    // Unlabelled images cannot train it.
    ImageSet unlabelled = head(load_fashion_mnist("test"), 100);
    unlabelled.labels = torch::full({100}, -1, torch::kInt64);
    CHECK(test::error_of([&] {
            fit_image_classifier(unlabelled, {}, torch::kCPU);
          }).find("unlabelled images cannot train a classifier") != std::string::npos);
  }

  TEST_CASE("the cached classifier is trained once") {
    const auto cache = test::temp_dir("classifier_cache");
    ClassifierFitOptions o;
    o.epochs = 1;
    o.batch = 32;
    o.width = 8;
    o.train_limit = 1000;
    int64_t steps = 0;
    auto count = [&](const ClassifierFitStep&) {
      ++steps;
      return true;
    };
    const auto dir = ensure_classifier("fashion-mnist", o, count, cache);
    CHECK(steps == (1000 + 31) / 32);
    CHECK(is_classifier_dir(dir));
    CHECK(dir.find(cache + "/classifiers/") == 0);
    const auto again = ensure_classifier("fashion-mnist", o, count, cache);
    CHECK(again == dir);
    CHECK(steps == (1000 + 31) / 32);
    auto loaded = load_image_classifier(dir, torch::kCPU);
    CHECK(loaded->info()["test_images"].get<int64_t>() == 10000);
    CHECK(loaded->info()["train_images"].get<int64_t>() == 1000);
    // Chance is 10 % and one standard error on 10000 test images at most 0.5 %: 25 % is far
    // above chance for 32 steps (measured: 46 %).
    MESSAGE("test accuracy of the cached 1000-image classifier: "
            << loaded->info()["test_accuracy"].get<double>());
    CHECK(loaded->info()["test_accuracy"].get<double>() > 0.25);
    CHECK(test::error_of([&] {
            ensure_classifier("afhq", o, {}, cache);
          }).find("--dataset 'afhq': the classifier is trained on fashion-mnist only") == 0);
  }
}
