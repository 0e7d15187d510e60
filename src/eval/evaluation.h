#pragma once
// `egeot eval`: a trained model scored against every ground truth its scene has.
//  - Gaussian scenes: BW2^2-UVP of the plan and of the target marginal vs the closed form.
//  - Every scene: at a few query points x, the energy distance between the learned
//    conditional (Langevin samples) and the Sinkhorn conditional on samples (the entropic
//    extension), beside an x-blind baseline (Sinkhorn conditional vs Q); and the energy
//    distance of the generated marginal to Q.
//  - 2D scenes: the sampler's TV to the grid density of its own target pi_f(.|x).
#include "core/model/egeot_model.h"
#include "core/ot/sinkhorn.h"
#include "eval/eval_reference.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace egeot {

struct EvalReport {
  std::string scene;
  int64_t dim = 0;
  int64_t iteration = 0;
  double eps_model = 0, eps_reference = 0;
  int64_t steps = 0;
  bool gaussian = false;
  double bw_uvp_plan = 0, bw_uvp_marginal = 0;  // %, Gaussian scenes only
  double bw_floor_plan = 0, bw_floor_marginal = 0;
  double marginal_energy = 0;  // generated y vs Q
  SinkhornReport sinkhorn;
  std::vector<QueryScore> queries;
  // The conditionals' distance to the truth in one number: the mean over queries of
  // energy_to_sinkhorn / energy_baseline (0: exact, 1: as far as ignoring x), and what a second
  // Sinkhorn plan on fresh samples scores on it (the floor: the truth's own sampling error).
  double conditional_distance = 0, conditional_floor = 0;
  // The same two as medians over the query points. The means are heavy-tailed: where a
  // conditional spreads over most of the target, its baseline is small and the normalised
  // floor large, and a few such points can outweigh all the others.
  double conditional_distance_median = 0, conditional_floor_median = 0;
  double seconds = 0;
};

// Fills the report's conditional_* summaries from its query scores.
void summarise_conditionals(EvalReport& report);

// Progress messages (one line each) go to `log` when given.
EvalReport evaluate(EgeotModel& model, const EvalOptions& options,
                    const std::function<void(const std::string&)>& log = {});

// The same against a reference drawn before (with its options): the same numbers as
// evaluate(model, reference.options), without drawing or solving anything again.
EvalReport evaluate(EgeotModel& model, const EvalReference& reference,
                    const std::function<void(const std::string&)>& log = {});

// Samples y ~ pi_f(.|x) for each row of x in batches (fresh chains, `steps` ULA steps).
torch::Tensor sample_plan_batched(EgeotModel& model, const torch::Tensor& x, int64_t steps,
                                  int64_t batch = 8192);

nlohmann::json eval_report_to_json(const EvalReport& report);

}  // namespace egeot
