// `egeot translate`: one source image beside its translations G(z), z ~ pi(.|x), as a PNG
// grid; one row per eps, so the effect of eps is seen at a glance.
#include "base/error.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/eps_options.h"
#include "cli/kernel_report.h"
#include "cli/open_model.h"
#include "cli/validators.h"
#include "core/data/image_distribution.h"
#include "core/data/image_folder.h"
#include "core/data/image_png.h"
#include "core/model/image_translation.h"
#include "core/nets/device.h"

#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <iostream>

namespace egeot::cli {
namespace {

struct TranslateOptions {
  std::string checkpoint;
  std::string image;
  int64_t index = -1;
  std::string split = "test";
  int64_t n = 16;
  EpsFlag eps;
  int64_t steps = 0;
  double anneal = kTranslationAnneal;
  int64_t scale = 2;
  int64_t seed = 0;
  std::string device = "auto";
  std::string out;
  SamplerFlags sampler;
};

void run_translate(const TranslateOptions& o) {
  if (o.image.empty() == (o.index < 0)) throw InputError("give either --image FILE or --index I");
  if (std::filesystem::path(o.out).extension() != ".png") throw InputError("--out " + o.out + ": expected a .png file name");
  std::vector<double> eps_list = o.eps.values;

  auto model = open_model(o.checkpoint, o.device, o.sampler);
  const Scene& scene = model->scene();
  auto generator = scene_generator(*model);
  if (model->device().is_cpu()) use_torch_threads();  // see `egeot bench translate`
  if (eps_list.empty()) eps_list = {scene.eps};
  for (double e : eps_list) model->check_eps(e, "--eps");

  torch::Tensor source;
  std::string what;
  if (!o.image.empty()) {
    source = load_image_file(o.image, generator->image_shape());
    what = o.image;
  } else {
    auto set = load_image_spec(scene.source, o.checkpoint + " (scene)", "source", o.split);
    if (o.index >= set.size()) {
      throw InputError("--index " + std::to_string(o.index) + ": the " + o.split + " split of the scene's source has " +
                       std::to_string(set.size()) + " images (0 to " + std::to_string(set.size() - 1) + ")");
    }
    source = set.images[o.index];
    what = o.split + " image " + std::to_string(o.index);
  }
  const int64_t steps = o.steps > 0 ? o.steps : default_translation_steps(*model);

  std::vector<torch::Tensor> rows;
  double seconds = 0;
  for (double e : eps_list) {
    torch::manual_seed(o.seed);
    const auto start = std::chrono::steady_clock::now();
    auto t = translate_images(*model, source.unsqueeze(0), o.n, steps, e, o.anneal);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rows.push_back(source.unsqueeze(0));
    rows.push_back(t.images[0]);
  }
  write_png_grid(o.out, torch::cat(rows), o.n + 1, o.scale);
  std::cerr << "egeot translate: " << what << " -> " << o.n << " translations at eps ";
  for (size_t i = 0; i < eps_list.size(); ++i) std::cerr << (i ? "," : "") << eps_list[i];
  std::cerr << " (" << steps << " Langevin steps, " << seconds / eps_list.size() << " s per row) -> " << o.out
            << " (each row: the source, then its translations)\n";
  print_kernel_report(*model, "egeot translate");
}

}  // namespace

void add_translate_command(CLI::App& app) {
  auto o = std::make_shared<TranslateOptions>();
  auto* cmd = app.add_subcommand("translate", "Translate a source image with an image checkpoint (PNG grid)");
  add_checkpoint_option(cmd, o->checkpoint, "Checkpoint directory of an image scene");
  cmd->add_option("--image", o->image, "A source image file (resized to the generator's resolution)");
  cmd->add_option("--index", o->index, "Or: the index of a source image in the scene's --split");
  cmd->add_option("--split", o->split, "train or test (with --index)")
      ->capture_default_str()
      ->check(one_of({"train", "test"}));
  cmd->add_option("--n", o->n, "Translations per row")
      ->capture_default_str()
      ->check(integer_between(1, 1024));
  add_eps_option(cmd, o->eps, EpsForm::kList,
                 "eps, or a list (one row each) within a conditioned checkpoint's range");
  cmd->add_option("--steps", o->steps, "Langevin steps (default: 10x the scene's)")
      ->check(integer_at_least(0));
  add_sampler_options(cmd, o->sampler);
  cmd->add_option("--anneal", o->anneal,
                  "Share of the steps tempered down from the largest trained eps (conditioned models; 0: none)")
      ->capture_default_str();
  cmd->add_option("--scale", o->scale, "Pixel repeat in the PNG")
      ->capture_default_str()
      ->check(integer_between(1, 16));
  add_seed_option(cmd, o->seed);
  add_device_option(cmd, o->device);
  cmd->add_option("--out", o->out, "Output PNG")->required();
  cmd->callback([o] { run_translate(*o); });
}

}  // namespace egeot::cli
