#pragma once
// What `egeot eval` scores a model against, drawn once: the query points, the Sinkhorn
// conditionals at them with their x-blind baselines and floor, the closed form when the scene
// has one, and the samples the model's are compared with. It depends on the scene, the
// options and the seed, never on the model's weights, so runs scored on one reference differ
// only in their models, and a bench that scores many models pays for Sinkhorn once.
#include "core/model/egeot_model.h"
#include "core/ot/gaussian_eot.h"
#include "core/ot/sinkhorn.h"
#include "eval/grid_truth.h"

#include <torch/types.h>

#include <functional>
#include <optional>
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

struct EvalReference {
  EvalOptions options;
  std::string scene;
  int64_t dim = 0;
  double eps = 0;  // the references' eps, resolved
  std::optional<GaussianEot> truth;
  torch::Tensor x_plan;      // defined with a closed form
  torch::Tensor x_marginal;  // undefined when the plan's samples give the marginal
  torch::Tensor y_ref;       // Q's samples for the marginal
  torch::Tensor queries;     // [n_queries, dim]
  std::vector<torch::Tensor> conditionals;  // Sinkhorn's samples at each query
  std::vector<QueryScore> scores;           // x, baseline and floor filled in
  SinkhornReport sinkhorn;
  Grid2D grid;  // 2D: where the learned conditionals' densities are integrated
  double seconds = 0;
  // Torch's CPU generator once everything above was drawn: the model's chains start from it,
  // so a kept reference scores a model exactly as a fresh one would.
  torch::Tensor generator_state;
};

// Seeds torch with options.seed. Throws InputError for sample sizes below 2 or no query.
EvalReference make_eval_reference(const EgeotModel& model, const EvalOptions& options,
                                  const std::function<void(const std::string&)>& log = {});

// Throws InputError when the model's scene is not the one the reference was drawn for.
void check_reference_fits(const EvalReference& reference, const EgeotModel& model);

}  // namespace egeot
