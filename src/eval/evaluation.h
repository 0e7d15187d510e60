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
#include "eval/grid_truth.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace egeot {

struct EvalOptions {
  double eps = 0;             // the references' eps; 0: the checkpoint's
  int64_t steps = 0;          // Langevin steps from fresh chains; 0: 10x the scene's
  int64_t n_plan = 20000;     // (x, y) pairs for BW-UVP
  int64_t n_marginal = 4000;  // generated y's against as many from Q
  int64_t n_queries = 10;
  int64_t n_per_query = 2000;
  int64_t n_sinkhorn = 4000;  // samples of P and of Q for each discrete plan
  int64_t seed = 0;
};

struct QueryScore {
  std::vector<double> x;
  double energy_to_sinkhorn = 0;  // learned vs Sinkhorn conditional
  double energy_baseline = 0;     // Sinkhorn conditional vs Q: what ignoring x would score
  double energy_floor = 0;        // a second Sinkhorn plan on fresh samples against the first
  double grid_tv = -1;            // 2D only: sampler vs grid density (-1: not computed)
  double grid_tv_floor = -1;      // what exact samples would score on average, at most
};

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

// Samples y ~ pi_f(.|x) for each row of x in batches (fresh chains, `steps` ULA steps).
torch::Tensor sample_plan_batched(EgeotModel& model, const torch::Tensor& x, int64_t steps,
                                  int64_t batch = 8192);

nlohmann::json eval_report_to_json(const EvalReport& report);

}  // namespace egeot
