#pragma once
// The cost a scene trains with. Point scenes name one ("squared-euclidean"); image scenes
// carry a generator G, so their cost c(x, z) = 1/2 |G(z) - x|^2 needs G loaded first: the
// built-in one is fitted into the cache on first use (minutes, once), a path is loaded.
#include "core/generators/generator.h"
#include "core/generators/generator_fit.h"
#include "core/ot/cost.h"
#include "core/scenes/scene.h"

#include <memory>

namespace egeot {

// The generator of an image scene, on device, checked against the scene's latent and image
// sizes. Throws InputError naming the scene. progress reports a built-in fit (empty: a line
// on stderr every tenth of the fit).
std::shared_ptr<Generator> load_scene_generator(const Scene& scene, torch::Device device,
                                                const FitProgress& progress = {});

std::shared_ptr<const Cost> make_scene_cost(const Scene& scene, torch::Device device,
                                            const FitProgress& progress = {});

// The cost of a point scene, named by the scene (never a generator, so nothing is fitted).
// Throws InputError for an unknown name, std::logic_error for an image scene.
std::shared_ptr<const Cost> make_point_cost(const Scene& scene);

}  // namespace egeot
