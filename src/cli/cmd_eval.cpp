// `egeot eval`: a checkpoint scored against the ground truths of its scene (see
// core/evaluation.h); a table for people, or one JSON object with --json.
#include "base/error.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/eps_options.h"
#include "cli/image_eval_output.h"
#include "cli/kernel_report.h"
#include "cli/open_model.h"
#include "cli/parse.h"
#include "eval/evaluation.h"
#include "eval/image_evaluation.h"

#include <torch/torch.h>

#include <iostream>

namespace egeot::cli {
namespace {

struct EvalCliOptions {
  std::string checkpoint;
  EpsFlag eps;
  std::string truth_eps;  // image scenes: more eps for the ground truth alone
  bool json = false;
  EvalOptions eval;
  ImageEvalOptions images;
  std::string device = "auto";
  SamplerFlags sampler;
};

void run_image_eval(EgeotModel& model, EvalCliOptions& o) {
  if (o.eps.given()) o.images.eps = parse_positive_list("--eps", o.eps.text);
  if (!o.truth_eps.empty()) o.images.truth_eps = parse_positive_list("--truth-eps", o.truth_eps);
  if (o.eval.steps > 0) o.images.steps = o.eval.steps;
  o.images.seed = o.eval.seed;
  auto report = evaluate_images(model, o.images);
  print_kernel_report(model, "egeot eval");
  if (o.json) {
    std::cout << image_eval_to_json(report).dump() << "\n";
  } else {
    print_image_eval(report, o.checkpoint);
  }
}

std::string point_text(const std::vector<double>& x) {
  std::string s = "(";
  char buf[32];
  for (size_t i = 0; i < x.size() && i < 3; ++i) {
    std::snprintf(buf, sizeof buf, "%s%.2f", i ? ", " : "", x[i]);
    s += buf;
  }
  return s + (x.size() > 3 ? ", ...)" : ")");
}

void print_table(const EvalReport& r, const std::string& dir) {
  std::printf("egeot eval: %s (scene %s, D = %lld, iteration %lld)\n", dir.c_str(), r.scene.c_str(),
              static_cast<long long>(r.dim), static_cast<long long>(r.iteration));
  std::printf("  model eps %g, reference eps %g, %lld Langevin steps from fresh chains\n", r.eps_model,
              r.eps_reference, static_cast<long long>(r.steps));
  if (r.gaussian) {
    std::printf("\n  closed form (Gaussian pair)      BW2^2-UVP   sampling floor\n");
    std::printf("    plan (x, y)                   %8.4f %%   %8.4f %%\n", r.bw_uvp_plan, r.bw_floor_plan);
    std::printf("    target marginal y             %8.4f %%   %8.4f %%\n", r.bw_uvp_marginal, r.bw_floor_marginal);
  }
  std::printf("\n  generated marginal vs Q: energy distance %.5f\n", r.marginal_energy);
  std::printf("  Sinkhorn reference: %s, marginal error %.2g, %lld iterations, %.1f s\n",
              r.sinkhorn.converged ? "converged" : "NOT converged", r.sinkhorn.marginal_error,
              static_cast<long long>(r.sinkhorn.iterations), r.sinkhorn.seconds);
  const bool grid = !r.queries.empty() && r.queries[0].grid_tv >= 0;
  std::printf("\n  %-22s %14s %14s", "query x", "E(learned,SK)", "E(SK,Q) base");
  if (grid) std::printf(" %10s %10s", "grid TV", "TV floor");
  std::printf("\n");
  for (const auto& q : r.queries) {
    std::printf("  %-22s %14.5f %14.5f", point_text(q.x).c_str(), q.energy_to_sinkhorn, q.energy_baseline);
    if (grid) std::printf(" %10.4f %10.4f", q.grid_tv, q.grid_tv_floor);
    std::printf("\n");
  }
  std::printf("\n  conditionals vs Sinkhorn: %.4f (mean E(learned,SK) / base; 0 exact, 1 ignores x), "
              "sampling floor %.4f\n", r.conditional_distance, r.conditional_floor);
  std::printf("  medians over the query points: %.4f, sampling floor %.4f (a few points with small\n"
              "  baselines can outweigh the rest in the means)\n",
              r.conditional_distance_median, r.conditional_floor_median);
  std::printf("\n  E = energy distance (0 when equal); base = the Sinkhorn conditional vs Q, what a\n"
              "  model ignoring x scores. Grid TV: sampler vs the exact pi_f(.|x) on a grid; the\n"
              "  floor bounds what exact samples score on average. %.1f s in all.\n", r.seconds);
}

void run_eval(EvalCliOptions& o) {
  auto model = open_model(o.checkpoint, o.device, o.sampler);
  if (model->scene().image_scene()) return run_image_eval(*model, o);
  if (!o.truth_eps.empty()) throw InputError("--truth-eps: image scenes only (" + o.checkpoint + " is a point scene)");
  if (o.eps.given()) o.eval.eps = parse_positive("--eps", o.eps.text);
  // An eps-conditioned model is scored at --eps itself (model and references alike); a
  // single-eps model keeps its eps and --eps moves only the references.
  if (model->eps_conditioned() && o.eval.eps > 0) model->set_eps(o.eval.eps, "--eps");
  auto log = [&](const std::string& s) {
    if (!o.json) std::cerr << "egeot eval: " << s << "\n";
  };
  auto report = evaluate(*model, o.eval, log);
  print_kernel_report(*model, "egeot eval");
  if (o.json) {
    std::cout << eval_report_to_json(report).dump() << "\n";
  } else {
    print_table(report, o.checkpoint);
  }
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto o = std::make_shared<EvalCliOptions>();
  auto* cmd = app.add_subcommand("eval", "Score a checkpoint against the ground truths of its scene");
  add_checkpoint_option(cmd, o->checkpoint);
  add_eps_option(cmd, o->eps, EpsForm::kOneOrList,
                 "eps of the references (default: the checkpoint's); for an eps-conditioned checkpoint, "
                 "also the model's, within its range. Image scenes: a list, e.g. 0.1,1,10 (default: "
                 "the scene's eps; conditioned: the range's ends and middle)");
  cmd->add_flag("--json", o->json, "One JSON object on stdout");
  cmd->add_option("--steps", o->eval.steps, "Langevin steps (default: 10x the scene's)");
  add_sampler_options(cmd, o->sampler);
  cmd->add_option("--anneal", o->images.anneal,
                  "Image scenes: share of the steps tempered down from the largest trained eps (0: none)")
      ->capture_default_str();
  cmd->add_option("--n-plan", o->eval.n_plan, "(x, y) pairs for BW2^2-UVP")->capture_default_str();
  cmd->add_option("--n-sinkhorn", o->eval.n_sinkhorn, "Samples of P and Q for Sinkhorn")->capture_default_str();
  cmd->add_option("--queries", o->eval.n_queries, "Query points x")->capture_default_str();
  cmd->add_option("--n-per-query", o->eval.n_per_query, "Samples per query point")->capture_default_str();
  cmd->add_option("--sources", o->images.sources, "Image scenes: held-out source images")->capture_default_str();
  cmd->add_option("--per-source", o->images.per_source, "Image scenes: translations per source")
      ->capture_default_str();
  cmd->add_option("--truth-samples", o->images.truth_samples,
                  "Image scenes: sources and generator images of the Sinkhorn reference (0: none)")
      ->capture_default_str();
  cmd->add_option("--truth-eps", o->truth_eps,
                  "Image scenes: more eps for the ground truth alone, e.g. 0.01 (below a model's range)");
  cmd->add_option("--classifier", o->images.classifier_dir,
                  "Image scenes: a classifier directory, or none (default: the cached Fashion-MNIST one)");
  add_seed_option(cmd, o->eval.seed);
  add_device_option(cmd, o->device);
  cmd->callback([o] { run_eval(*o); });
}

}  // namespace egeot::cli
