#pragma once
// `egeot bench samplers`: the cost of a step of each chain kernel (ULA, MALA, HMC) on a trained
// model at its scene's settings, measured in one run with the kernels interleaved round by
// round, so the ratios to ULA compare like with like on a shared machine. Per step and per
// gradient evaluation: an HMC step costs `leapfrog` gradients, MALA's one plus the density.
// On the CPU the process's CPU time is reported beside the wall clock: on a machine others
// load, a run's wall time depends on the scheduler, its CPU time much less.
#include "core/model/egeot_model.h"

#include <functional>
#include <string>
#include <vector>

namespace egeot {

struct SamplerBenchOptions {
  int64_t chains = 0;    // 0: the scene's batch
  int64_t steps = 200;   // per timed run
  int64_t rounds = 5;    // each kernel once per round; the median run counts
  int64_t leapfrog = 0;  // 0: the scene's sampler.leapfrog
};

struct SamplerTiming {
  std::string kind;
  int64_t leapfrog = 0;           // hmc only
  double ms_per_step = 0;         // wall clock, median over the rounds
  double cpu_ms_per_step = 0;     // the process's CPU time, median over the rounds
  double gradients_per_step = 0;  // grad log pi evaluations per step
  double ms_per_gradient = 0, cpu_ms_per_gradient = 0;
  double acceptance = -1;  // mean over chains and steps (-1: ULA, which has none)
};

struct SamplerBenchResult {
  std::string scene;
  int64_t chains = 0, steps = 0, rounds = 0;
  std::vector<SamplerTiming> rows;  // ula, mala, hmc
};

// Restores the model's own kernel afterwards. round_done(k, rounds) after each round.
SamplerBenchResult run_sampler_bench(EgeotModel& model, const SamplerBenchOptions& options,
                                     const std::function<void(int64_t, int64_t)>& round_done = {});

}  // namespace egeot
