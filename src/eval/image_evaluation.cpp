#include "eval/image_evaluation.h"

#include "base/error.h"
#include "core/data/image_distribution.h"
#include "core/generators/classifier_fit.h"
#include "core/generators/image_classifier.h"
#include "core/model/image_translation.h"
#include "core/ot/sample_distance.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <iostream>

namespace egeot {
namespace {

// Mean over sources and chains of |x_i - image_ij| in pixels; images [n, k, C, H, W].
double mean_distance(const torch::Tensor& sources, const torch::Tensor& images) {
  auto x = sources.flatten(1).unsqueeze(1);  // [n, 1, P]
  auto g = images.flatten(2);                // [n, k, P]
  return (g - x).pow(2).sum(-1).sqrt().mean().item<double>();
}

// Mean pairwise distance among each source's k images, averaged over sources.
double diversity(const torch::Tensor& images) {
  const int64_t k = images.size(1);
  if (k < 2) return 0;
  auto g = images.flatten(2).to(torch::kFloat64);  // [n, k, P]
  auto d = torch::cdist(g, g);                     // [n, k, k], zero diagonal
  return (d.sum({1, 2}) / double(k * (k - 1))).mean().item<double>();
}

std::vector<double> default_eps(const EgeotModel& model) {
  if (!model.eps_conditioned()) return {model.scene().eps};
  const auto [lo, hi] = model.eps_range();
  return {lo, std::sqrt(lo * hi), hi};
}

std::shared_ptr<ImageClassifier> scene_classifier(const Scene& scene, const ImageEvalOptions& o) {
  if (scene.target_class.empty() || o.classifier_dir == "none") return nullptr;
  if (!o.classifier_dir.empty()) return load_image_classifier(o.classifier_dir, torch::kCPU);
  if (scene.source.value("dataset", "") != "fashion-mnist") return nullptr;
  std::cerr << "egeot eval: using the cached Fashion-MNIST classifier (fitted on first use)\n";
  return load_image_classifier(ensure_classifier("fashion-mnist"), torch::kCPU);
}

}  // namespace

ImageEvalReport evaluate_images(EgeotModel& model, const ImageEvalOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  const Scene& scene = model.scene();
  auto generator = scene_generator(model);
  if (o.sources < 1 || o.per_source < 2) throw InputError("image eval: need >= 1 source and >= 2 translations per source");
  if (o.truth_samples < 0 || o.truth_samples == 1) throw InputError("image eval: --truth-samples: expected 0 (none) or >= 2");

  ImageEvalReport r;
  r.scene = scene.name;
  r.split = "held-out (test/val)";
  r.target_class = scene.target_class;
  r.iteration = model.iteration();
  r.per_source = o.per_source;
  r.steps = o.steps > 0 ? o.steps : default_translation_steps(model);
  r.anneal = model.fresh_anneal(r.steps, o.anneal);
  r.z_dim = generator->z_dim();

  auto held_out = load_image_spec(scene.source, "scene " + scene.name, "source", "test",
                                  [](const std::string& line) { std::cerr << "egeot: warning: " << line << "\n"; });
  r.sources = std::min<int64_t>(o.sources, held_out.size());
  const auto sources = held_out.images.narrow(0, 0, r.sources);
  const int64_t n = r.sources, k = o.per_source, d = r.z_dim;
  // Each eps itself is checked by the parser and again by Sinkhorn.
  if (!o.truth_eps.empty() && (o.truth_samples < 2 || held_out.size() < 2)) {
    throw InputError("--truth-eps: needs the ground truth (--truth-samples >= 2, two held-out sources)");
  }

  auto classifier = scene_classifier(scene, o);
  int64_t target_label = -1;
  if (classifier) {
    target_label = classifier->class_index(scene.target_class);
    if (target_label < 0) {
      throw InputError("scene " + scene.name + ": field 'target_class' '" + scene.target_class +
                       "' is not a class of the classifier");
    }
    r.classifier_accuracy = classifier->info().value("test_accuracy", -1.0);
  }
  auto share = [&](const torch::Tensor& images) {
    if (!classifier) return -1.0;
    auto labels = classifier->predict(images.flatten(0, 1));
    return (labels == target_label).to(torch::kFloat64).mean().item<double>();
  };

  torch::manual_seed(o.seed);
  torch::Tensor prior_images;
  {
    torch::NoGradGuard no_grad;
    auto z = torch::randn({n * k, d});
    prior_images = generator->decode(z.to(generator->device())).to(torch::kCPU).reshape(
        {n, k, sources.size(1), sources.size(2), sources.size(3)});
  }
  r.prior_distance = mean_distance(sources, prior_images);
  r.prior_target_share = share(prior_images);

  // One shared far start for the mixing check: |z0|^2 = 4 d, well outside the prior's shell.
  auto z0 = torch::randn({1, d});
  z0 = z0 / z0.norm() * (2.0 * std::sqrt(double(d)));

  const std::vector<double> eps_list = o.eps.empty() ? default_eps(model) : o.eps;
  for (double eps : eps_list) model.check_eps(eps, "--eps");
  // The reference plans' atoms: the first held-out sources and as many fresh prior images.
  // A held-out set of one image has no plan to speak of: the truth is left out (n = 0).
  std::vector<ImageEotTruth> truths(eps_list.size());
  if (o.truth_samples > 0 && held_out.size() >= 2) {
    const int64_t m = std::min<int64_t>(o.truth_samples, held_out.size());
    torch::Tensor truth_images;
    {
      torch::NoGradGuard no_grad;
      truth_images = generator->decode(torch::randn({m, d}).to(generator->device())).to(torch::kCPU);
    }
    auto all_eps = eps_list;
    all_eps.insert(all_eps.end(), o.truth_eps.begin(), o.truth_eps.end());
    auto all = image_eot_truth(held_out.images.narrow(0, 0, m), truth_images, all_eps);
    truths.assign(all.begin(), all.begin() + eps_list.size());
    r.truth_only.assign(all.begin() + eps_list.size(), all.end());
  }

  for (size_t e = 0; e < eps_list.size(); ++e) {
    const double eps = eps_list[e];
    ImageEvalRow row;
    row.eps = eps;
    torch::manual_seed(o.seed + 1);
    auto t = translate_images(model, sources, k, r.steps, eps, o.anneal);
    row.content_ratio = mean_distance(sources, t.images) / r.prior_distance;
    auto z = t.z.reshape({n * k, d});
    row.latent_sq_norm = z.pow(2).sum(-1).mean().item<double>() / d;
    row.latent_energy = energy_distance(z, torch::randn({n * k, d}));
    row.latent_floor = energy_distance(torch::randn({n * k, d}), torch::randn({n * k, d}));
    row.diversity = diversity(t.images);
    row.target_share = share(t.images);
    if (o.check_mixing) {
      auto t2 = translate_images(model, sources, k, r.steps, eps, o.anneal, z0.expand({n * k, d}).contiguous());
      row.mixing_content_ratio = mean_distance(sources, t2.images) / r.prior_distance;
      row.mixing_latent_energy = energy_distance(z, t2.z.reshape({n * k, d}));
    }
    row.truth = truths[e];
    r.rows.push_back(row);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace egeot
