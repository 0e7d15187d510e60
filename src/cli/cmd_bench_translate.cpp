// `egeot bench translate`: how long an image checkpoint takes to translate one source into
// k samples (the studio's and `translate`'s unit of work) and to run one training step,
// medians of repeated runs in the same process, against the budgets.
#include "cli/bench_translate.h"

#include "base/median.h"
#include "cli/common_options.h"
#include "cli/validators.h"
#include "core/data/image_distribution.h"
#include "core/model/image_translation.h"
#include "core/nets/device.h"
#include "core/train/checkpoint.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace egeot::cli {
namespace {

struct BenchTranslateOptions {
  std::string checkpoint;
  int64_t n = 16;
  int64_t repeats = 5;
  int64_t train_steps = 5;
  int64_t steps = 0;
  double anneal = kTranslationAnneal;
  std::string device = "auto";
  int threads = 0;
};

template <class F>
double seconds(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void run(const BenchTranslateOptions& o) {
  auto trainer = load_checkpoint(o.checkpoint, pick_device(o.device));
  scene_generator(trainer->model());  // refuses a point scene with a clear message
  const auto& scene = trainer->scene();
  const int64_t steps = o.steps > 0 ? o.steps : default_translation_steps(trainer->model());
  auto held_out = load_image_spec(scene.source, o.checkpoint + " (scene)", "source", "test");
  // Two thread layouts in the same run: torch on one thread over OpenBLAS (the default for
  // point scenes) and torch on every core with OpenBLAS on one (use_torch_threads).
  struct Layout {
    std::string name;
    int threads;
    double translate = 0, train = 0;
  };
  std::vector<Layout> layouts{{"torch 1 thread", 1}, {"", o.threads}};
  for (auto& layout : layouts) {
    layout.threads = use_torch_threads(layout.threads);
    if (layout.name.empty()) layout.name = "torch " + std::to_string(layout.threads) + " threads";
    std::vector<double> translate, train;
    for (int64_t r = 0; r < o.repeats; ++r) {
      auto x = held_out.images.narrow(0, r % held_out.size(), 1);
      translate.push_back(seconds([&] { translate_images(trainer->model(), x, o.n, steps, scene.eps, o.anneal); }));
    }
    for (int64_t r = 0; r < o.train_steps; ++r) train.push_back(seconds([&] { trainer->step(); }));
    layout.translate = median(translate);
    layout.train = train.empty() ? 0 : median(train);
  }
  std::printf("egeot bench translate: %s (scene %s, device %s)\n", o.checkpoint.c_str(), scene.name.c_str(),
              trainer->device().str().c_str());
  for (const auto& l : layouts) {
    std::printf("  %s, OpenBLAS 1 thread:\n", l.name.c_str());
    std::printf("    one source -> %lld translations, %lld Langevin steps: median %.3f s of %lld (budget 1 s: %.2fx)\n",
                static_cast<long long>(o.n), static_cast<long long>(steps), l.translate,
                static_cast<long long>(o.repeats), l.translate / 1.0);
    if (o.train_steps > 0) {
      std::printf("    one training step (batch %lld, %lld Langevin steps): median %.3f s of %lld;"
                  " 10 minutes hold %.0f steps\n",
                  static_cast<long long>(scene.optimizer.batch), static_cast<long long>(scene.sampler.steps), l.train,
                  static_cast<long long>(o.train_steps), 600.0 / l.train);
    }
  }
  std::printf("  translation, %s over torch 1 thread: %.2fx faster\n", layouts[1].name.c_str(),
              layouts[0].translate / layouts[1].translate);
  if (o.train_steps > 0) {
    std::printf("  training step, %s over torch 1 thread: %.2fx faster\n", layouts[1].name.c_str(),
                layouts[0].train / layouts[1].train);
  }
}

}  // namespace

void add_bench_translate(CLI::App* bench) {
  auto o = std::make_shared<BenchTranslateOptions>();
  auto* cmd = bench->add_subcommand("translate", "Seconds to translate one image, and per training step (image checkpoints)");
  add_checkpoint_option(cmd, o->checkpoint, "Checkpoint directory of an image scene");
  cmd->add_option("--n", o->n, "Translations of the one source")
      ->capture_default_str()
      ->check(integer_at_least(1));
  cmd->add_option("--repeats", o->repeats, "Timed translations (median reported)")
      ->capture_default_str()
      ->check(integer_at_least(1));
  cmd->add_option("--train-steps", o->train_steps, "Timed training steps (median reported)")
      ->capture_default_str()
      ->check(integer_at_least(0));
  cmd->add_option("--steps", o->steps, "Langevin steps (default: 10x the scene's)")
      ->check(integer_at_least(0));
  cmd->add_option("--anneal", o->anneal, "Share of the steps tempered down from the largest trained eps")
      ->capture_default_str();
  cmd->add_option("--threads", o->threads, "Torch threads of the second layout (0: every core)")
      ->capture_default_str()
      ->check(integer_at_least(0));
  add_device_option(cmd, o->device);
  cmd->callback([o] { run(*o); });
}

}  // namespace egeot::cli
