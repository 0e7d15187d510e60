#include "eval/evaluation.h"

#include "base/error.h"
#include "base/median.h"
#include "core/ot/bw_uvp.h"
#include "core/ot/sample_distance.h"
#include "eval/scene_truth.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <numeric>
#include <sstream>
#include <vector>

namespace egeot {
namespace {

void check_options(const EvalOptions& o) {
  if (o.eps < 0 || !std::isfinite(o.eps)) throw InputError("--eps: expected a finite number > 0");
  if (o.steps < 0) throw InputError("--steps: expected an integer >= 0");
  if (o.n_plan < 2 || o.n_marginal < 2 || o.n_per_query < 2 || o.n_sinkhorn < 2 || o.n_queries < 1) {
    throw InputError("eval sample sizes: expected at least 2 samples and 1 query point");
  }
}

// Every number eval prints must be a number: samples that blew up are reported instead.
void check_finite(const torch::Tensor& samples, const std::string& what) {
  if (!torch::isfinite(samples).all().item<bool>()) {
    throw InputError(what + ": the Langevin samples are not finite (the model diverged, or "
                            "sampler.noise is too large for it)");
  }
}

}  // namespace

torch::Tensor sample_plan_batched(EgeotModel& model, const torch::Tensor& x, int64_t steps,
                                  int64_t batch) {
  std::vector<torch::Tensor> parts;
  for (int64_t i = 0; i < x.size(0); i += batch) {
    parts.push_back(model.sample_conditional(x.slice(0, i, std::min(i + batch, x.size(0))), steps)
                        .to(torch::kCPU));
  }
  return torch::cat(parts);
}

EvalReport evaluate(EgeotModel& model, const EvalOptions& o,
                    const std::function<void(const std::string&)>& log) {
  check_options(o);
  const auto t0 = std::chrono::steady_clock::now();
  auto say = [&](const std::string& s) {
    if (log) log(s);
  };
  const auto& scene = model.scene();
  EvalReport r;
  r.scene = scene.name;
  r.dim = scene.potential.dim;
  r.iteration = model.iteration();
  r.eps_model = scene.eps;
  r.eps_reference = o.eps > 0 ? o.eps : scene.eps;
  r.steps = o.steps > 0 ? o.steps : 10 * scene.sampler.steps;
  torch::manual_seed(o.seed);

  // Every reference is drawn before the model samples anything, so that the queries, both
  // Sinkhorn plans and their samples do not depend on how many random numbers the chain's
  // kernel takes: one checkpoint and seed scores every kernel against the same truth.
  auto truth = scene_gaussian_truth(model, r.eps_reference);
  torch::Tensor x_plan;
  if (truth) x_plan = model.source().sample(o.n_plan);
  auto x_marginal =
      truth && o.n_plan >= o.n_marginal ? torch::Tensor() : model.source().sample(o.n_marginal);
  auto y_ref = model.target().sample(o.n_marginal);
  std::ostringstream sk;
  sk << "Sinkhorn on " << o.n_sinkhorn << " samples at eps " << r.eps_reference << " (two plans)";
  say(sk.str());
  SinkhornOptions so;
  so.eps = r.eps_reference;
  auto plan = solve_sinkhorn(make_cost(scene.cost), model.source().sample(o.n_sinkhorn),
                             model.target().sample(o.n_sinkhorn), so);
  r.sinkhorn = plan.report();
  auto queries = model.source().sample(o.n_queries);
  auto q_samples = model.target().sample(o.n_per_query);
  std::vector<torch::Tensor> references;
  for (int64_t k = 0; k < o.n_queries; ++k) {
    QueryScore s;
    auto xv = queries.slice(0, k, k + 1).to(torch::kFloat64).contiguous();
    s.x.assign(xv.data_ptr<double>(), xv.data_ptr<double>() + xv.numel());
    references.push_back(plan.sample(xv, o.n_per_query));
    s.energy_baseline = energy_distance(references.back(), q_samples);
    r.queries.push_back(s);
  }
  {
    // The floor: a second Sinkhorn plan on fresh samples scored against the first. Each plan
    // is a discrete approximation on its own samples; a model no better than that cannot be
    // told apart from the truth. Two draws of one plan would share its atoms and understate this.
    auto plan_b = solve_sinkhorn(make_cost(scene.cost), model.source().sample(o.n_sinkhorn),
                                 model.target().sample(o.n_sinkhorn), so);
    for (auto& s : r.queries) {
      auto xq = torch::tensor(s.x, torch::kFloat64).reshape({1, -1});
      s.energy_floor = std::abs(energy_distance(plan_b.sample(xq, o.n_per_query), plan.sample(xq, o.n_per_query)));
    }
  }

  // Closed form, when the scene has one.
  torch::Tensor y_gen;
  if (truth) {
    say("BW2^2-UVP on " + std::to_string(o.n_plan) + " pairs (" + std::to_string(r.steps) +
        " Langevin steps)");
    r.gaussian = true;
    auto y = sample_plan_batched(model, x_plan, r.steps);
    check_finite(y, "plan samples");
    r.bw_uvp_plan = bw_uvp_plan(x_plan, y, *truth);
    r.bw_uvp_marginal = bw_uvp_marginal(y, *truth);
    r.bw_floor_plan = bw_uvp_sampling_floor(truth->joint_covariance, o.n_plan);
    r.bw_floor_marginal = bw_uvp_sampling_floor(truth->cov_y, o.n_plan);
    if (!x_marginal.defined()) y_gen = y.slice(0, 0, o.n_marginal);
  }

  // The generated marginal against Q.
  if (!y_gen.defined()) {
    say("marginal: " + std::to_string(o.n_marginal) + " generated samples");
    y_gen = sample_plan_batched(model, x_marginal, r.steps);
    check_finite(y_gen, "marginal samples");
  }
  r.marginal_energy = energy_distance(y_gen, y_ref);

  // The conditionals at the query points.
  const bool two_d = r.dim == 2;
  Grid2D grid = two_d ? grid_around(y_ref) : Grid2D{};
  torch::Tensor f_grid;
  if (two_d) f_grid = potential_on_grid(model, grid);
  say("conditionals at " + std::to_string(o.n_queries) + " query points");
  for (int64_t k = 0; k < o.n_queries; ++k) {
    auto xq = queries.slice(0, k, k + 1);
    auto& s = r.queries[k];
    auto learned = model.sample_conditional(xq.expand({o.n_per_query, r.dim}), r.steps).to(torch::kCPU);
    check_finite(learned, "conditional samples");
    s.energy_to_sinkhorn = energy_distance(learned, references[k]);
    if (two_d) {
      auto cond = conditional_from_grid_potential(f_grid, model.cost(), scene.eps, xq.squeeze(0), grid);
      s.grid_tv = total_variation_on_grid(learned, cond.density, grid);
      s.grid_tv_floor = tv_sampling_floor(cond.density, grid, o.n_per_query);
    }
  }
  summarise_conditionals(r);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

void summarise_conditionals(EvalReport& r) {
  std::vector<double> distance, floor;
  for (const auto& q : r.queries) {
    distance.push_back(q.energy_to_sinkhorn / q.energy_baseline);
    floor.push_back(q.energy_floor / q.energy_baseline);
  }
  if (r.queries.empty()) return;
  auto mean = [](const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size()); };
  r.conditional_distance = mean(distance);
  r.conditional_floor = mean(floor);
  r.conditional_distance_median = median(distance);
  r.conditional_floor_median = median(floor);
}

nlohmann::json eval_report_to_json(const EvalReport& r) {
  nlohmann::json j = {{"scene", r.scene},
                      {"dim", r.dim},
                      {"iteration", r.iteration},
                      {"eps_model", r.eps_model},
                      {"eps_reference", r.eps_reference},
                      {"langevin_steps", r.steps},
                      {"marginal_energy_distance", r.marginal_energy},
                      {"sinkhorn",
                       {{"marginal_error", r.sinkhorn.marginal_error},
                        {"iterations", r.sinkhorn.iterations},
                        {"seconds", r.sinkhorn.seconds},
                        {"converged", r.sinkhorn.converged}}},
                      {"seconds", r.seconds}};
  if (r.gaussian) {
    j["bw_uvp_plan"] = r.bw_uvp_plan;
    j["bw_uvp_marginal"] = r.bw_uvp_marginal;
    j["bw_uvp_plan_floor"] = r.bw_floor_plan;
    j["bw_uvp_marginal_floor"] = r.bw_floor_marginal;
  }
  auto qs = nlohmann::json::array();
  for (const auto& q : r.queries) {
    nlohmann::json e = {{"x", q.x},
                        {"energy_distance_to_sinkhorn", q.energy_to_sinkhorn},
                        {"energy_distance_baseline", q.energy_baseline},
                        {"energy_distance_floor", q.energy_floor}};
    if (q.grid_tv >= 0) {
      e["grid_tv"] = q.grid_tv;
      e["grid_tv_floor"] = q.grid_tv_floor;
    }
    qs.push_back(e);
  }
  j["queries"] = qs;
  j["conditional_distance"] = r.conditional_distance;
  j["conditional_floor"] = r.conditional_floor;
  j["conditional_distance_median"] = r.conditional_distance_median;
  j["conditional_floor_median"] = r.conditional_floor_median;
  return j;
}

}  // namespace egeot
