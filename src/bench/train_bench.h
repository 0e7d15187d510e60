#pragma once
// `egeot bench train`: the engine's speed at a scene, with the Langevin sampler's gradient
// fused (by hand) and by autograd side by side, against a GEMM micro-benchmark of the
// sampler's own matrix shapes measured in the same run. Blocks of the three alternate, so
// load from other processes falls on all of them alike; each figure is the median over
// the blocks, and also the fastest block's (on a loaded machine the least disturbed one)
// the blocks.
#include "core/scenes/scene.h"

#include <torch/types.h>

#include <functional>
#include <string>
#include <vector>

namespace egeot {

struct TrainBenchOptions {
  int64_t iters = 100;  // timed training iterations per gradient, split over the blocks
  int64_t blocks = 5;   // interleaved repetitions
};

struct GradientTiming {
  std::string gradient;   // "fused" or "autograd"
  double ms_per_it = 0;   // a whole training step, divergence guard included
  double sampler_ms = 0;  // one sampler run of the step's shape (batch chains, K steps)
  double fraction = 0;    // the sampler's GEMM FLOPs at the micro-benchmark's rate / sampler_ms
  // The same from the fastest block of each (the GEMM rate too).
  double best_ms_per_it = 0, best_sampler_ms = 0, best_fraction = 0;
};

struct TrainBenchResult {
  std::string scene;
  int64_t batch = 0, steps = 0;
  std::vector<int64_t> widths;
  int64_t iters_per_block = 0, blocks = 0;
  GradientTiming fused, autograd;
  double sampler_gflop = 0;  // GEMM FLOPs of one sampler run (forward and input-gradient GEMMs)
  double gemm_gflops = 0;    // the micro-benchmark's rate on those shapes
  double best_gemm_gflops = 0;
};

// Trains two fresh copies of `scene` (one per gradient) on `device`. Throws InputError when
// the scene's potential is eps-conditioned (the fused gradient covers single-eps MLPs) or
// when a run diverges. progress(block, blocks) after each block.
TrainBenchResult run_train_bench(const Scene& scene, torch::Device device,
                                 const TrainBenchOptions& options,
                                 const std::function<void(int64_t, int64_t)>& progress = {});

}  // namespace egeot
