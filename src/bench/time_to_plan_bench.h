#pragma once
// `egeot bench time-to-plan`: how good a plan is after a given wall time of training from a
// fresh start. For each seed, a fresh trainer runs; as its training time passes each budget,
// the clock stops, the model is scored by `egeot eval`'s conditional distance to the Sinkhorn
// truth (and its sampling floor), and training resumes. Evaluation never counts as training
// time, and it leaves the training run's random stream and its chains' kernel as it found them.
// The conditionals are drawn with the options' kernel: ULA at the scene's step is biased away
// from pi_f(.|x), so scoring its samples would add the sampler's error to the potential's.
#include "core/nets/langevin_sampler.h"
#include "core/scenes/scene.h"
#include "eval/evaluation.h"

#include <torch/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace egeot {

struct TimeToPlanOptions {
  std::vector<int64_t> seeds{0, 1, 2};
  std::vector<double> budgets{15, 30, 60};  // seconds of training, increasing
  EvalOptions eval;                         // eval.seed is replaced by each run's seed...
  // ...unless set: every run is then scored on the same query points against the same
  // Sinkhorn reference and floor, so the seeds differ only in their models. Either way a
  // reference is drawn once per eval seed and kept for every budget.
  std::optional<int64_t> eval_seed;
  // The kernel that draws eval's conditional samples (its kind, step, target acceptance and
  // warm-up; sigma stays the scene's); training keeps the scene's. Unset: the scene's.
  std::optional<LangevinSettings> kernel;
};

struct TimeToPlanPoint {
  double budget = 0;   // seconds
  double trained = 0;  // training seconds actually spent (the step that crossed it ends late)
  int64_t iteration = 0;
  double distance = 0;      // EvalReport::conditional_distance
  double floor = 0;         // EvalReport::conditional_floor
  double distance_median = 0, floor_median = 0;  // the same as medians over the query points
  double eval_seconds = 0;  // not counted in `trained`
  double acceptance = -1;   // the kernel's mean acceptance after warm-up; -1: ULA (none)
  int64_t collapsed_runs = 0;  // eval's sampling runs whose acceptance collapsed
};

struct TimeToPlanRun {
  int64_t seed = 0;
  std::vector<TimeToPlanPoint> points;  // one per budget
};

struct TimeToPlanResult {
  std::string scene;
  std::string kernel;  // the kernel that drew the conditionals, in words
  std::vector<TimeToPlanRun> runs;
  // Per budget, over seeds: the medians of distance, floor and iteration.
  std::vector<double> median_distance, median_floor, median_iteration;
  // Per budget, the median over seeds of each seed's distance / its own floor. Each seed
  // scores its own query points, whose floor differs by several times between seeds, so a
  // seed's distance is judged against the floor of the points it was scored on.
  std::vector<double> median_ratio;
  // Per budget, the median over seeds of each seed's query-median distance over its
  // query-median floor: robust to the few query points that dominate the means.
  std::vector<double> median_query_ratio;
  // Per budget, the medians over seeds of each run's query-median distance and floor.
  std::vector<double> median_query_distance, median_query_floor;
  bool shared_queries = false;     // every run scored on one seed's query points
  double reference_seconds = 0;    // drawing the references (Sinkhorn, floor), all of them
};

// "mala, 200 steps, step adapted towards acceptance 0.574 over the first 100": a kernel in words.
std::string kernel_text(const LangevinSettings& kernel, int64_t steps);

// Fills r's medians from r.runs (each with one point per budget, in the same order).
void summarise_time_to_plan(TimeToPlanResult& r);

// Throws InputError for no seeds, budgets that are not increasing seconds > 0, an image
// scene, or when a run diverges. progress(line) reports each finished point.
TimeToPlanResult run_time_to_plan(const Scene& scene, torch::Device device,
                                  const TimeToPlanOptions& options,
                                  const std::function<void(const std::string&)>& progress = {});

}  // namespace egeot
