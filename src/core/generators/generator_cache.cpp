#include "core/generators/generator_cache.h"

#include "base/error.h"
#include "core/data/fashion_mnist.h"
#include "core/generators/generator_diagnostics.h"

#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace egeot {

std::string egeot_cache_dir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg) return std::string(xdg) + "/egeot";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.cache/egeot";
  throw InputError("no cache directory: set XDG_CACHE_HOME or HOME");
}

ImageSet builtin_training_images(const std::string& dataset, const std::string& class_name) {
  if (dataset != "fashion-mnist") {
    throw InputError("--dataset '" + dataset +
                     "': the built-in generator is fitted on "
                     "fashion-mnist only; for AFHQ export a StyleGAN2-ADA generator with "
                     "scripts/export-stylegan2.py");
  }
  const int64_t label = fashion_mnist_class(class_name);
  return load_fashion_mnist("train").of_class(label);
}

std::string ensure_builtin_generator(const std::string& dataset, const std::string& class_name,
                                     const FitOptions& options, const FitProgress& progress,
                                     const std::string& cache_root) {
  const std::string root = (cache_root.empty() ? egeot_cache_dir() : cache_root) + "/generators";
  const std::string key = dataset + "-" + class_name + "-z" + std::to_string(options.spec.z_dim) +
                          "-b" + std::to_string(options.spec.base_channels) + "-i" +
                          std::to_string(options.iters) + "-s" + std::to_string(options.seed);
  const std::string dir = root + "/" + key;
  if (is_builtin_generator_dir(dir)) return dir;
  const ImageSet images = builtin_training_images(dataset, class_name);
  // A fit stopped early is not the generator these settings name: never cache it.
  FitStep last;
  bool stopped = false;
  auto generator = fit_builtin_generator(images.images, options, torch::kCPU, [&](const FitStep& s) {
    last = s;
    stopped = progress && !progress(s);
    return !stopped;
  });
  if (stopped) {
    throw FitCancelled("the generator fit (" + dataset + "/" + class_name + ") was cancelled at iteration " +
                       std::to_string(last.iteration) + " of " + std::to_string(last.total) +
                       "; nothing was cached");
  }
  generator->info() = {{"dataset", dataset},
                       {"class", class_name},
                       {"iters", options.iters},
                       {"seed", options.seed}};
  fs::create_directories(root);
  try {
    save_builtin_generator(dir, *generator);
  } catch (const InputError&) {
    if (!is_builtin_generator_dir(dir)) throw;  // another process finished first: keep theirs
  }
  return dir;
}

}  // namespace egeot
