#pragma once
// `egeot bench samplers --tv`: how fast each chain kernel reaches the learned f's own
// conditional on a 2D checkpoint. At a few query points x, chains started as the scene starts
// them run ULA, MALA and HMC side by side; after each budget of gradient evaluations the
// total variation between the chains' histogram and pi_f(.|x) normalised on a grid (the exact
// density the sampler targets, eval/grid_truth.h) is recorded, beside the TV that exact
// samples of that size score on average (the floor). MALA's and HMC's fixed steps come from a
// warm-up run adapting towards a target acceptance; ULA runs at the scene's step and, for
// contrast, at MALA's.
#include "core/model/egeot_model.h"

#include <functional>
#include <string>
#include <vector>

namespace egeot {

struct SamplerTvOptions {
  int64_t queries = 4;
  int64_t chains = 2000;                                              // per query
  std::vector<int64_t> budgets = {25, 50, 100, 200, 400, 800, 1600};  // gradient evaluations
  int64_t leapfrog = 5;
  double mala_accept = kMalaTargetAccept, hmc_accept = 0.65;  // the adaptation's targets
  int64_t adapt_steps = 100;
  int64_t seed = 0;
};

struct SamplerTvRow {
  std::string kernel;      // "ula", "ula (MALA's step)", "mala", "hmc L=5"
  double step = 0;         // ULA/MALA: the noise sqrt(h); HMC: the leapfrog step
  double acceptance = -1;  // mean over the run (-1: ULA)
  std::vector<double> tv;  // mean over queries, one per budget
};

struct SamplerTvResult {
  std::string scene;
  double eps = 0;
  std::vector<int64_t> budgets;
  double floor = 0;  // mean over queries of the exact samples' expected TV, at most
  std::vector<SamplerTvRow> rows;
};

// Throws InputError unless the model is a 2D single-eps point scene. stage(what) as each
// kernel starts.
SamplerTvResult run_sampler_tv_bench(EgeotModel& model, const SamplerTvOptions& options,
                                     const std::function<void(const std::string&)>& stage = {});

}  // namespace egeot
