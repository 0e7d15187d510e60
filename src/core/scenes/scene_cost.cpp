#include "core/scenes/scene_cost.h"

#include "base/error.h"
#include "core/generators/generator_cache.h"
#include "core/generators/generator_cost.h"

#include <torch/torch.h>

#include <iostream>

namespace egeot {
namespace {

std::string builtin_dir(const Scene& scene, const FitProgress& progress) {
  const auto& g = scene.generator;
  FitOptions options;
  options.spec.z_dim = g.at("z_dim").get<int64_t>();  // parse_scene filled the defaults in
  options.iters = g.at("iters").get<int64_t>();
  const std::string dataset = g.at("builtin").get<std::string>();
  const std::string cls = g.at("class").get<std::string>();
  FitProgress report = progress;
  if (!report) {
    report = [&](const FitStep& step) {
      if (step.iteration == 1) {
        std::cerr << "egeot: fitting the built-in generator on " << dataset << "/" << cls
                  << " (once; kept in " << egeot_cache_dir() << "/generators)\n";
      }
      if (step.iteration % std::max<int64_t>(1, step.total / 10) == 0 || step.iteration == step.total) {
        std::cerr << "egeot:   generator " << step.iteration << "/" << step.total
                  << "  reconstruction " << step.recon << "\n";
      }
      return true;
    };
  }
  return ensure_builtin_generator(dataset, cls, options, report);
}

}  // namespace

std::shared_ptr<Generator> load_scene_generator(const Scene& scene, torch::Device device,
                                                const FitProgress& progress) {
  if (!scene.image_scene()) throw InputError("scene " + scene.name + ": not an image scene (no generator)");
  const std::string path = scene.generator.contains("builtin")
                               ? builtin_dir(scene, progress)
                               : scene.generator.at("path").get<std::string>();
  const int64_t z_dim = scene.potential.dim;
  auto generator = load_generator(path, device, z_dim);
  if (generator->z_dim() != z_dim) {
    throw InputError("scene " + scene.name + ": field 'generator.z_dim' is " + std::to_string(z_dim) +
                     " but " + path + " takes latents of dimension " + std::to_string(generator->z_dim()));
  }
  const auto shape = generator->image_shape();
  if (shape.numel() != scene.source_dim) {
    throw InputError("scene " + scene.name + ": the source images have " + std::to_string(scene.source_dim) +
                     " values each but " + path + " makes " + std::to_string(shape.channels) + "x" +
                     std::to_string(shape.height) + "x" + std::to_string(shape.width) +
                     " images (set the source's \"size\" to match)");
  }
  return generator;
}

std::shared_ptr<const Cost> make_scene_cost(const Scene& scene, torch::Device device,
                                            const FitProgress& progress) {
  if (scene.image_scene()) {
    return std::make_shared<GeneratorCost>(load_scene_generator(scene, device, progress));
  }
  return make_point_cost(scene);
}

std::shared_ptr<const Cost> make_point_cost(const Scene& scene) {
  if (scene.image_scene()) {
    throw std::logic_error("scene " + scene.name + ": an image scene's cost holds its generator (make_scene_cost)");
  }
  std::shared_ptr<const Cost> cost = make_cost(scene.cost);
  if (!cost) throw InputError("scene " + scene.name + ": unknown cost '" + scene.cost + "'");
  return cost;
}

}  // namespace egeot
