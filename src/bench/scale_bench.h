#pragma once
// `egeot bench scale`: what data-parallel training (core/dist) buys on this machine and what
// it would on N machines. Ranks run as threads of this process, each with its own trainer and
// Gloo process group over 127.0.0.1 (Gloo's TCP path, as between processes); each step
// all-reduces the gradient bucket and the ranks' step flags, as `egeot train --world-size` does.
#include "core/scenes/scene.h"

#include <cstdint>
#include <vector>

namespace egeot {

struct ScaleRow {
  int ranks = 1;
  double it_per_s = 0;  // global steps (the scene's whole batch) per second
  double step_ms = 0;   // wall time per step
  double allreduce_ms =
      0;  // per step, inside the all-reduces (waiting for the slowest rank included)
  int64_t bucket_bytes = 0;  // the gradient all-reduce's payload
};

// Timings are taken in blocks of kBlockSteps steps and the fastest block kept: on a machine
// shared with other work it is the one least slowed by it.
constexpr int64_t kBlockSteps = 5;

// `ranks` trainers with batch/ranks each, `warmup` untimed steps then `iters` timed ones.
ScaleRow measure_ranks(const Scene& scene, int ranks, int64_t iters, int64_t warmup);

// One rank alone with batch/n, for each n of shards: the compute of a shard's step, the sizes
// timed in interleaved blocks.
std::vector<double> shard_step_seconds(const Scene& scene, const std::vector<int64_t>& shards,
                                       int64_t iters);

// A link's cost, measured with two ranks over loopback: latency per ring step from small
// all-reduces, bandwidth from a large one.
struct LinkCost {
  double latency_s = 0;
  double bytes_per_s = 0;
};
LinkCost measure_loopback_link(int64_t small_reps, int64_t big_bytes);

// Ring all-reduce of `bytes` over n ranks: 2(n-1) latencies and 2(n-1)/n of the payload
// through each rank's link.
double ring_allreduce_seconds(int64_t bytes, int n, const LinkCost& link);

}  // namespace egeot
