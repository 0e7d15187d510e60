#pragma once
// Translations by an image scene's model: for each source image x, latents z ~ pi(.|x) by
// Langevin (fresh chains from the prior, as the scene's init says) and their images G(z).
#include "core/generators/generator.h"
#include "core/model/egeot_model.h"

#include <memory>

namespace egeot {

// The generator behind an image scene's cost; InputError when the model's scene has none.
std::shared_ptr<Generator> scene_generator(const EgeotModel& model);

struct Translations {
  torch::Tensor z;       // [n, k, z_dim], on the CPU
  torch::Tensor images;  // [n, k, C, H, W] in [0, 1], on the CPU
};

// sources: [n, C, H, W] (any device). k chains per source, `steps` Langevin steps at eps,
// the first `anneal` share of them tempered down from the range's largest eps (conditioned
// models; see EpsAnneal), run `chunk` chains at a time. y0 (optional, [n * k, z_dim])
// replaces the prior starts.
Translations translate_images(EgeotModel& model, const torch::Tensor& sources, int64_t k,
                              int64_t steps, double eps, double anneal, const torch::Tensor& y0 = {},
                              int64_t chunk = 512);

// The default share of a translation's steps spent tempering down to its eps.
constexpr double kTranslationAnneal = 0.5;

// The default number of Langevin steps for fresh translation chains: ten times the scene's
// training steps (training chains also continue from the replay buffer; fresh ones need more).
int64_t default_translation_steps(const EgeotModel& model);

}  // namespace egeot
