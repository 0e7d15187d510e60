#pragma once
// `egeot eval` for image scenes: what the potential f has earned, per eps, on
// held-out sources. The class share alone proves little (a generator fitted on boots draws
// boots even with f = 0); the content ratio and the latent marginal are f's work.
#include "core/model/egeot_model.h"
#include "core/model/image_translation.h"
#include "eval/image_eot_truth.h"

#include <string>
#include <vector>

namespace egeot {

struct ImageEvalOptions {
  int64_t sources = 100;    // held-out source images (the first ones of the test split)
  int64_t per_source = 8;   // translations per source
  int64_t steps = 0;        // Langevin steps; 0: default_translation_steps
  double anneal = kTranslationAnneal;  // share of them tempered down from the largest eps
  std::vector<double> eps;  // empty: the scene's eps (conditioned: min, geometric mean, max)
  uint64_t seed = 0;
  std::string classifier_dir;  // empty: the cached Fashion-MNIST classifier (fitted once); "none"
  bool check_mixing = true;
  int64_t truth_samples = 1000;  // sources = generator images of the Sinkhorn reference; 0: none
  // More eps for the truth alone (any eps > 0, e.g. below a model's range): what no model of
  // this cost and prior can beat.
  std::vector<double> truth_eps;
};

struct ImageEvalRow {
  double eps = 0;
  double target_share = -1;   // share classified as the target class; -1 without a classifier
  double content_ratio = 0;   // mean |x - G(z)|, z ~ pi(.|x), over mean |x - G(z)|, z ~ N(0, I)
  double latent_sq_norm = 0;  // E|z|^2 / d over all translated latents; the prior's is 1
  double latent_energy = 0;   // energy distance, translated latents vs prior samples
  double latent_floor = 0;    // the same between two prior samples of that size
  double diversity = 0;       // mean pairwise pixel distance among one source's translations
  // Mixing: the same chains started from one shared point z0 (|z0|^2 = 4 d) instead of the prior.
  double mixing_content_ratio = -1;
  double mixing_latent_energy = -1;  // translated latents, prior start vs z0 start
  ImageEotTruth truth;               // truth.n == 0: not computed
};

struct ImageEvalReport {
  std::string scene, split, target_class;
  int64_t iteration = 0, sources = 0, per_source = 0, steps = 0, z_dim = 0;
  EpsAnneal anneal;  // the fresh chains' tempering (inactive: none)
  double classifier_accuracy = -1;  // on the test split; -1 without a classifier
  double prior_target_share = -1;   // share of G(z), z ~ N(0, I), in the target class
  double prior_distance = 0;        // mean |x - G(z)| for z from the prior (the ratio's denominator)
  std::vector<ImageEvalRow> rows;
  std::vector<ImageEotTruth> truth_only;  // at ImageEvalOptions::truth_eps
  double seconds = 0;
};

ImageEvalReport evaluate_images(EgeotModel& model, const ImageEvalOptions& options);

}  // namespace egeot
