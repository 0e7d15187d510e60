// `egeot truth`: the ground truths on their own.
//   truth gaussian: the closed-form Gaussian plan of a benchmark pair (or any pair file).
//   truth sinkhorn: discrete entropic OT between samples of a scene's P and Q, with its
//                   convergence report and, on request, samples of pi(.|x).
#include "base/atomic_file.h"
#include "base/error.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/eps_options.h"
#include "cli/parse.h"
#include "cli/validators.h"
#include "core/data/distribution_factory.h"
#include "core/data/gaussian_weights.h"
#include "core/ot/cost.h"
#include "core/ot/gaussian_eot.h"
#include "core/ot/sinkhorn.h"
#include "core/scenes/scene.h"

#include <torch/torch.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace egeot::cli {
namespace {

nlohmann::json matrix_json(const torch::Tensor& m) {
  auto t = m.to(torch::kFloat64).contiguous();
  auto out = nlohmann::json::array();
  for (int64_t i = 0; i < t.size(0); ++i) {
    auto row = nlohmann::json::array();
    for (int64_t j = 0; j < t.size(1); ++j) row.push_back(t[i][j].item<double>());
    out.push_back(row);
  }
  return out;
}

void print_matrix(const char* name, const torch::Tensor& m) {
  std::printf("%s\n", name);
  auto t = m.to(torch::kFloat64).contiguous();
  for (int64_t i = 0; i < t.size(0); ++i) {
    for (int64_t j = 0; j < t.size(1); ++j) std::printf("%s%10.6f", j ? " " : "  ", t[i][j].item<double>());
    std::printf("\n");
  }
}

struct GaussianOptions {
  int64_t dim = 2;
  EpsFlag eps;
  std::string weights;
  bool json = false;
};

void run_gaussian(const GaussianOptions& o) {
  const double eps = o.eps.value();
  const std::string file = o.weights.empty() ? benchmark_weights_path() : o.weights;
  auto pair = load_gaussian_pair(file, o.dim);
  for (const auto* w : {&pair.source_weight, &pair.target_weight}) {
    for (const auto& row : *w) {
      if (static_cast<int64_t>(row.size()) != o.dim) {
        throw InputError(file + ": dimension " + std::to_string(o.dim) + ": expected " +
                         std::to_string(o.dim) + "x" + std::to_string(o.dim) + " weight matrices");
      }
    }
  }
  auto wx = to_tensor(pair.source_weight), wy = to_tensor(pair.target_weight);
  auto z = torch::zeros({o.dim}, torch::kFloat64);
  GaussianEot t;
  try {
    t = gaussian_eot(z, torch::matmul(wx, wx.t()), z, torch::matmul(wy, wy.t()), eps);
  } catch (const InputError& e) {
    throw InputError(file + ": dimension " + std::to_string(o.dim) + ": " + e.what());
  }
  if (!torch::isfinite(t.joint_covariance).all().item<bool>() ||
      !torch::isfinite(t.conditional_covariance).all().item<bool>()) {
    throw InputError(file + ": dimension " + std::to_string(o.dim) +
                     ": the closed form is not finite (covariances too ill-conditioned)");
  }
  if (o.json) {
    nlohmann::json j = {{"dim", o.dim},
                        {"eps", eps},
                        {"weights", file},
                        {"cost", "squared-euclidean"},
                        {"source_covariance", matrix_json(t.cov_x)},
                        {"target_covariance", matrix_json(t.cov_y)},
                        {"cross_covariance", matrix_json(t.cross_covariance)},
                        {"conditional_matrix", matrix_json(t.conditional_matrix)},
                        {"conditional_covariance", matrix_json(t.conditional_covariance)}};
    std::cout << j.dump() << "\n";
    return;
  }
  std::printf("Closed-form entropic OT, D = %lld, eps = %g, cost 1/2|x-y|^2 (%s); zero means\n",
              static_cast<long long>(o.dim), eps, file.c_str());
  std::printf("y | x ~ N(A x, Sigma_cond); joint covariance [[Sx, C], [C^T, Sy]]\n");
  print_matrix("C (cross-covariance)", t.cross_covariance);
  print_matrix("A (conditional matrix)", t.conditional_matrix);
  print_matrix("Sigma_cond (conditional covariance)", t.conditional_covariance);
}

struct SinkhornCliOptions {
  std::string scene;
  EpsFlag eps;
  int64_t n = 2000;
  int64_t max_iters = 5000;
  double tol = 1e-3;
  int64_t seed = 0;
  std::vector<std::string> xs;
  int64_t samples = 1000;
  double jitter = 0;
  std::string out;
  bool json = false;
};

void run_sinkhorn(const SinkhornCliOptions& o) {
  if (!o.xs.empty() && o.out.empty()) throw InputError("--x needs --out (the CSV of samples)");
  Scene scene = load_scene(o.scene);
  if (scene.image_scene()) {
    throw InputError("--scene " + o.scene + ": an image scene; its ground truth (the exact plan between held-out "
                     "sources and prior images) is in `egeot eval --checkpoint DIR` (--truth-samples)");
  }
  const double eps = o.eps.given() ? o.eps.value() : scene.eps;
  auto p = make_distribution(scene.source, "scene " + scene.name, "source");
  auto q = make_distribution(scene.target, "scene " + scene.name, "target");
  torch::manual_seed(o.seed);
  auto x = p->sample(o.n), y = q->sample(o.n);
  SinkhornOptions so;
  so.eps = eps;
  so.tol = o.tol;
  so.max_iters = o.max_iters;
  std::shared_ptr<const Cost> cost = make_cost(scene.cost);
  auto plan = solve_sinkhorn(cost, x, y, so);
  const auto& r = plan.report();
  if (!o.xs.empty()) {
    std::vector<torch::Tensor> rows;
    for (const auto& text : o.xs) rows.push_back(torch::tensor(parse_point("--x", text, p->dim())).unsqueeze(0));
    auto queries = torch::cat(rows).to(torch::kFloat64);
    auto draws = plan.sample(queries, o.samples, o.jitter).contiguous();
    auto xq = queries.repeat_interleave(o.samples, 0).contiguous();
    std::ostringstream csv;
    csv.precision(7);
    const int64_t d = p->dim();
    for (int64_t j = 0; j < d; ++j) csv << (j ? "," : "") << "x" << j;
    for (int64_t j = 0; j < q->dim(); ++j) csv << ",y" << j;
    csv << "\n";
    for (int64_t i = 0; i < draws.size(0); ++i) {
      for (int64_t j = 0; j < d; ++j) csv << (j ? "," : "") << xq[i][j].item<double>();
      for (int64_t j = 0; j < q->dim(); ++j) csv << "," << draws[i][j].item<float>();
      csv << "\n";
    }
    write_text_atomically(o.out, csv.str());
  }
  if (o.json) {
    nlohmann::json j = {{"scene", scene.name}, {"eps", eps},          {"n", o.n},
                        {"marginal_error", r.marginal_error},         {"iterations", r.iterations},
                        {"stages", r.stages},  {"seconds", r.seconds}, {"converged", r.converged}};
    std::cout << j.dump() << "\n";
  } else {
    std::printf("Sinkhorn (log-stabilised, float64), scene %s, N = M = %lld, eps = %g\n", scene.name.c_str(),
                static_cast<long long>(o.n), eps);
    std::printf("  converged: %s, marginal error %.3g (L1, tol %g), %lld iterations in %lld eps-stages, %.2f s\n",
                r.converged ? "yes" : "no", r.marginal_error, o.tol, static_cast<long long>(r.iterations),
                static_cast<long long>(r.stages), r.seconds);
    if (!o.xs.empty()) std::printf("  %lld samples per query point -> %s\n", static_cast<long long>(o.samples), o.out.c_str());
  }
}

}  // namespace

void add_truth_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("truth", "Ground truths: closed-form Gaussian plan, Sinkhorn on samples");
  cmd->require_subcommand(1);

  auto g = std::make_shared<GaussianOptions>();
  auto* gauss = cmd->add_subcommand("gaussian", "Closed-form entropic OT between a pair of Gaussians");
  gauss->add_option("--dim", g->dim, "Dimension of the benchmark pair")
      ->capture_default_str()
      ->check(integer_at_least(1));
  add_eps_option(gauss, g->eps, EpsForm::kOne, "Entropic regularisation eps > 0")->required();
  gauss->add_option("--weights", g->weights, "Pair file in the benchmark's format (default: assets/gauss2gauss_weights.json)");
  gauss->add_flag("--json", g->json, "One JSON object on stdout");
  gauss->callback([g] { run_gaussian(*g); });

  auto s = std::make_shared<SinkhornCliOptions>();
  auto* sk = cmd->add_subcommand("sinkhorn", "Discrete entropic OT between samples of a scene's P and Q");
  sk->add_option("--scene", s->scene, "Preset name or scene file")->required();
  add_eps_option(sk, s->eps, EpsForm::kOne, "eps > 0 (default: the scene's)");
  sk->add_option("--n", s->n, "Samples of P and of Q")->capture_default_str()->check(integer_at_least(2));
  sk->add_option("--max-iters", s->max_iters, "Iteration limit (all eps-stages)")->capture_default_str();
  sk->add_option("--tol", s->tol, "Converged when the L1 marginal error is below this")
      ->capture_default_str()
      ->check(number_above(0));
  add_seed_option(sk, s->seed);
  sk->add_option("--x", s->xs, "Query point \"x1,x2,...\" for samples of pi(.|x) (repeat)");
  sk->add_option("--samples", s->samples, "Samples per query point")
      ->capture_default_str()
      ->check(integer_at_least(1));
  sk->add_option("--jitter", s->jitter, "Std of a Gaussian jitter on sampled atoms")
      ->capture_default_str()
      ->check(number_at_least(0));
  sk->add_option("--out", s->out, "CSV of samples (columns x0.., y0..)");
  sk->add_flag("--json", s->json, "One JSON object on stdout");
  sk->callback([s] { run_sinkhorn(*s); });
}

}  // namespace egeot::cli
