#include "eval/eval_reference.h"

#include "base/error.h"
#include "core/ot/sample_distance.h"
#include "eval/scene_truth.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <sstream>

namespace egeot {
namespace {

void check_options(const EvalOptions& o) {
  if (o.eps < 0 || !std::isfinite(o.eps)) throw InputError("--eps: expected a finite number > 0");
  if (o.steps < 0) throw InputError("--steps: expected an integer >= 0");
  if (o.n_plan < 2 || o.n_marginal < 2 || o.n_per_query < 2 || o.n_sinkhorn < 2 || o.n_queries < 1) {
    throw InputError("eval sample sizes: expected at least 2 samples and 1 query point");
  }
}

}  // namespace

EvalReference make_eval_reference(const EgeotModel& model, const EvalOptions& o,
                                  const std::function<void(const std::string&)>& log) {
  check_options(o);
  const auto t0 = std::chrono::steady_clock::now();
  const auto& scene = model.scene();
  EvalReference r;
  r.options = o;
  r.scene = scene.name;
  r.dim = scene.potential.dim;
  r.eps = o.eps > 0 ? o.eps : scene.eps;
  torch::manual_seed(o.seed);

  // Drawn in this order so that a seed gives the same queries, plans and samples however many
  // random numbers the model's kernel later takes.
  r.truth = scene_gaussian_truth(model, r.eps);
  if (r.truth) r.x_plan = model.source().sample(o.n_plan);
  if (!(r.truth && o.n_plan >= o.n_marginal)) r.x_marginal = model.source().sample(o.n_marginal);
  r.y_ref = model.target().sample(o.n_marginal);
  if (log) {
    std::ostringstream s;
    s << "Sinkhorn on " << o.n_sinkhorn << " samples at eps " << r.eps << " (two plans)";
    log(s.str());
  }
  SinkhornOptions so;
  so.eps = r.eps;
  const std::shared_ptr<const Cost> cost = make_cost(scene.cost);
  auto plan = solve_sinkhorn(cost, model.source().sample(o.n_sinkhorn),
                             model.target().sample(o.n_sinkhorn), so);
  r.sinkhorn = plan.report();
  r.queries = model.source().sample(o.n_queries);
  auto q_samples = model.target().sample(o.n_per_query);
  for (int64_t k = 0; k < o.n_queries; ++k) {
    QueryScore s;
    auto xv = r.queries.slice(0, k, k + 1).to(torch::kFloat64).contiguous();
    s.x.assign(xv.data_ptr<double>(), xv.data_ptr<double>() + xv.numel());
    r.conditionals.push_back(plan.sample(xv, o.n_per_query));
    s.energy_baseline = energy_distance(r.conditionals.back(), q_samples);
    r.scores.push_back(s);
  }
  {
    // The floor: a second Sinkhorn plan on fresh samples scored against the first. Each plan
    // is a discrete approximation on its own samples; a model no better than that cannot be
    // told apart from the truth. Two draws of one plan would share its atoms and understate this.
    auto plan_b = solve_sinkhorn(cost, model.source().sample(o.n_sinkhorn),
                                 model.target().sample(o.n_sinkhorn), so);
    for (auto& s : r.scores) {
      auto xq = torch::tensor(s.x, torch::kFloat64).reshape({1, -1});
      s.energy_floor =
          std::abs(energy_distance(plan_b.sample(xq, o.n_per_query), plan.sample(xq, o.n_per_query)));
    }
  }
  if (r.dim == 2) r.grid = grid_around(r.y_ref);
  r.generator_state = at::detail::getDefaultCPUGenerator().get_state();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

void check_reference_fits(const EvalReference& r, const EgeotModel& model) {
  const auto& scene = model.scene();
  if (scene.name != r.scene || scene.potential.dim != r.dim) {
    throw InputError("eval: the reference was drawn for scene " + r.scene + " (D = " +
                     std::to_string(r.dim) + "), the model is of " + scene.name + " (D = " +
                     std::to_string(scene.potential.dim) + ")");
  }
}

}  // namespace egeot
