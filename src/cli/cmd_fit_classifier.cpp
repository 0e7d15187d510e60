// egeot fit-classifier: trains egeot's small CNN classifier on a dataset's train split and
// reports its test-split accuracy; `egeot eval` uses it to say which class translations are.
// With --out it writes a new directory; without, it fills (or reuses) the cache entry that
// evaluation reads, so the classifier is trained once.
#include "base/atomic_file.h"
#include "base/error.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/interrupt.h"
#include "cli/progress_bar.h"
#include "cli/validators.h"
#include "core/generators/classifier_fit.h"
#include "core/nets/device.h"

#include <torch/torch.h>

#include <cstdio>
#include <iostream>

namespace egeot::cli {
namespace {

struct FitClassifierOptions {
  std::string dataset = "fashion-mnist";
  std::string out;
  std::string device = "auto";
  int64_t epochs = ClassifierFitOptions{}.epochs;
  int64_t batch = ClassifierFitOptions{}.batch;
  int64_t width = ClassifierFitOptions{}.width;
  int64_t train_limit = 0;
  int64_t seed = 0;
  double lr = ClassifierFitOptions{}.lr;
};

void run_fit_classifier(const FitClassifierOptions& o) {
  // Everything that can be refused is refused before minutes of training.
  classifier_split(o.dataset, "test");
  if (!o.out.empty()) {
    try {
      ensure_new_output_dir(o.out);
    } catch (const InputError& e) {
      throw InputError(std::string("--out ") + e.what());
    }
  }
  const torch::Device device = pick_device(o.device);
  ClassifierFitOptions fit;
  fit.epochs = o.epochs;
  fit.batch = o.batch;
  fit.width = o.width;
  fit.train_limit = o.train_limit;
  fit.seed = static_cast<uint64_t>(o.seed);
  fit.lr = o.lr;

  std::unique_ptr<ProgressBar> bar;
  std::string dir = o.out;
  std::shared_ptr<ImageClassifier> classifier;
  {
    InterruptGuard interrupt_guard;  // Ctrl-C ends the fit early; nothing is written then
    auto progress = [&](const ClassifierFitStep& s) {
      if (!bar) bar = std::make_unique<ProgressBar>(0, s.total);
      bar->update(s.iteration, s.loss);
      return !interrupted();
    };
    std::cerr << "egeot fit-classifier: " << o.dataset << ", " << o.epochs << " epochs, batch "
              << o.batch << ", device " << (o.out.empty() ? torch::Device(torch::kCPU) : device)
              << "\n";
    if (o.out.empty()) {
      dir = ensure_classifier(o.dataset, fit, progress);
      if (bar) bar->finish();
      classifier = load_image_classifier(dir, torch::kCPU);
    } else {
      classifier = fit_dataset_classifier(o.dataset, fit, device, progress);
      if (bar) bar->finish();
    }
  }
  if (interrupted()) {
    std::cerr << "egeot fit-classifier: interrupted; nothing written\n";
    exit_code = 130;
    return;
  }
  if (!o.out.empty()) save_image_classifier(o.out, *classifier);
  const auto& info = classifier->info();
  std::printf("test accuracy: %.2f %% on %lld %s test images\n",
              100.0 * info.value("test_accuracy", 0.0),
              static_cast<long long>(info.value("test_images", int64_t{0})), o.dataset.c_str());
  std::printf("fit: %lld epochs on %lld images in %.1f s%s\n",
              static_cast<long long>(info.value("epochs", int64_t{0})),
              static_cast<long long>(info.value("train_images", int64_t{0})),
              info.value("fit_seconds", 0.0), bar ? "" : " (cached; not refitted)");
  std::printf("saved to %s\n", dir.c_str());
}

}  // namespace

void add_fit_classifier_command(CLI::App& app) {
  auto o = std::make_shared<FitClassifierOptions>();
  auto* cmd = app.add_subcommand(
      "fit-classifier", "Train the image classifier egeot eval uses and report its test accuracy");
  cmd->add_option("--dataset", o->dataset, "Dataset (fashion-mnist)")->capture_default_str();
  cmd->add_option("--out", o->out,
                  "Directory to create; without it the cached classifier is trained or reused");
  cmd->add_option("--epochs", o->epochs, "Passes over the train split")
      ->capture_default_str()
      ->check(integer_between(1, 1000));
  cmd->add_option("--batch", o->batch, "Batch size")
      ->capture_default_str()
      ->check(integer_between(1, 60000));
  cmd->add_option("--lr", o->lr, "Adam learning rate")->capture_default_str()->check(number_above(0));
  cmd->add_option("--width", o->width, "Channels of the first convolution")
      ->capture_default_str()
      ->check(integer_between(1, 256));
  cmd->add_option("--train-limit", o->train_limit, "Use only the first N training images (0: all)")
      ->capture_default_str()
      ->check(integer_at_least(0));
  add_seed_option(cmd, o->seed)->check(integer_at_least(0));
  add_device_option(cmd, o->device, "cpu, cuda or auto (with --out)");
  cmd->callback([o] { run_fit_classifier(*o); });
}

}  // namespace egeot::cli
