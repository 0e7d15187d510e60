#include "eval/evaluation.h"

#include "base/error.h"
#include "base/median.h"
#include "core/ot/bw_uvp.h"
#include "core/ot/sample_distance.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <numeric>
#include <sstream>
#include <vector>

namespace egeot {
namespace {

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
  const auto reference = make_eval_reference(model, o, log);
  auto r = evaluate(model, reference, log);
  r.seconds += reference.seconds;
  return r;
}

EvalReport evaluate(EgeotModel& model, const EvalReference& ref,
                    const std::function<void(const std::string&)>& log) {
  check_reference_fits(ref, model);
  const auto t0 = std::chrono::steady_clock::now();
  auto say = [&](const std::string& s) {
    if (log) log(s);
  };
  const auto& o = ref.options;
  const auto& scene = model.scene();
  EvalReport r;
  r.scene = scene.name;
  r.dim = scene.potential.dim;
  r.iteration = model.iteration();
  r.eps_model = scene.eps;
  r.eps_reference = ref.eps;
  r.steps = o.steps > 0 ? o.steps : 10 * scene.sampler.steps;
  r.sinkhorn = ref.sinkhorn;
  r.queries = ref.scores;
  torch::manual_seed(o.seed);  // devices other than the CPU start where a fresh reference leaves them
  auto generator = at::detail::getDefaultCPUGenerator();
  generator.set_state(ref.generator_state);
  const auto& truth = ref.truth;
  const auto& x_plan = ref.x_plan;
  const auto& x_marginal = ref.x_marginal;
  const auto& y_ref = ref.y_ref;
  const auto& queries = ref.queries;
  const auto& references = ref.conditionals;

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
  const Grid2D& grid = ref.grid;
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
