#include "cli/image_eval_output.h"

#include <cstdio>

namespace egeot::cli {
namespace {

void print_truth_row(const ImageEotTruth& t, const char* note) {
  std::printf("  %8.4g %9.3f %11.2e%s%s\n", t.eps, t.content_ratio, t.marginal_error,
              t.converged ? "" : " (not converged)", note);
}

nlohmann::json truth_json(const ImageEotTruth& t) {
  return {{"eps", t.eps},
          {"n", t.n},
          {"content_ratio", t.content_ratio},
          {"marginal_error", t.marginal_error},
          {"converged", t.converged}};
}

}  // namespace

void print_image_eval(const ImageEvalReport& r, const std::string& dir) {
  std::printf("egeot eval: %s (image scene %s, z_dim %lld, iteration %lld)\n", dir.c_str(), r.scene.c_str(),
              static_cast<long long>(r.z_dim), static_cast<long long>(r.iteration));
  std::printf("  %lld held-out sources x %lld translations, %lld Langevin steps from the prior",
              static_cast<long long>(r.sources), static_cast<long long>(r.per_source),
              static_cast<long long>(r.steps));
  if (r.anneal.active()) {
    std::printf(", the first %lld tempered down from eps %g", static_cast<long long>(r.anneal.steps), r.anneal.from);
  }
  std::printf("\n");
  if (r.classifier_accuracy >= 0) {
    std::printf("  classifier: test accuracy %.2f %%; G(z) for z ~ N(0, I) is %s %.1f %% of the time\n",
                100 * r.classifier_accuracy, r.target_class.c_str(), 100 * r.prior_target_share);
  } else {
    std::printf("  no classifier for this dataset: the class share is not measured\n");
  }
  std::printf("  mean |x - G(z)| for z from the prior: %.3f (the content ratio's denominator)\n\n", r.prior_distance);
  std::printf("  %8s %9s %9s %10s %16s %10s %16s\n", "eps", "target %", "content", "E|z|^2/d",
              "latent E (floor)", "diversity", "mixing ratio/E");
  for (const auto& row : r.rows) {
    char share[16] = "-";
    if (row.target_share >= 0) std::snprintf(share, sizeof share, "%.1f", 100 * row.target_share);
    std::printf("  %8.4g %9s %9.3f %10.3f %7.4f (%6.4f) %10.3f %7.3f/%7.4f\n", row.eps, share, row.content_ratio,
                row.latent_sq_norm, row.latent_energy, row.latent_floor, row.diversity,
                row.mixing_content_ratio, row.mixing_latent_energy);
  }
  if (!r.rows.empty() && r.rows.front().truth.n > 0) {
    std::printf("\n  ground truth: the exact entropic plan (Sinkhorn) between %lld held-out sources and as\n"
                "  many prior images G(z): the content ratio a right pi(.|x) scores (its E|z|^2/d is 1\n"
                "  and its class share the generator's, by construction)\n",
                static_cast<long long>(r.rows.front().truth.n));
    std::printf("  %8s %9s %18s\n", "eps", "content", "marginal error");
    for (const auto& row : r.rows) print_truth_row(row.truth, "");
    for (const auto& t : r.truth_only) print_truth_row(t, " (truth only)");
  }
  std::printf("\n  content: mean |x - G(z)| over the prior's (below 1: the source's content is kept).\n"
              "  E|z|^2/d: the prior's is 1. latent E: energy distance of the translated latents to\n"
              "  N(0, I), beside that of two prior samples. diversity: mean pairwise distance among\n"
              "  one source's translations. mixing: the same chains started from one far point z0;\n"
              "  mixed chains give the same content ratio and a latent E near the floor. %.1f s.\n",
              r.seconds);
}

nlohmann::json image_eval_to_json(const ImageEvalReport& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : r.rows) {
    rows.push_back({{"eps", row.eps},
                    {"target_share", row.target_share},
                    {"content_ratio", row.content_ratio},
                    {"latent_sq_norm", row.latent_sq_norm},
                    {"latent_energy", row.latent_energy},
                    {"latent_floor", row.latent_floor},
                    {"diversity", row.diversity},
                    {"mixing_content_ratio", row.mixing_content_ratio},
                    {"mixing_latent_energy", row.mixing_latent_energy},
                    {"truth", truth_json(row.truth)}});
  }
  nlohmann::json truth_only = nlohmann::json::array();
  for (const auto& t : r.truth_only) truth_only.push_back(truth_json(t));
  return {{"scene", r.scene},
          {"kind", "images"},
          {"truth_only", truth_only},
          {"iteration", r.iteration},
          {"sources", r.sources},
          {"per_source", r.per_source},
          {"steps", r.steps},
          {"anneal", {{"from", r.anneal.from}, {"steps", r.anneal.steps}}},
          {"z_dim", r.z_dim},
          {"target_class", r.target_class},
          {"classifier_accuracy", r.classifier_accuracy},
          {"prior_target_share", r.prior_target_share},
          {"prior_distance", r.prior_distance},
          {"rows", rows},
          {"seconds", r.seconds}};
}

}  // namespace egeot::cli
