#include "bench/scale_bench.h"

#include "core/dist/gradient_all_reducer.h"
#include "core/dist/loopback_ranks.h"
#include "core/dist/process_group.h"
#include "core/dist/step_agreement.h"
#include "core/train/egeot_trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace egeot {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// body(group) on every rank of a fresh loopback group; rethrows the first error.
void on_ranks(int world, const std::function<void(ProcessGroup&)>& body) {
  for (auto& e : run_loopback_ranks(world, std::chrono::seconds(60), body)) {
    if (e) std::rethrow_exception(e);
  }
}

std::mutex building;  // trainers seed torch's global generator: built one at a time

// One rank alone (no group) or a loopback group of `ranks`.
void on_ranks_or_alone(int ranks, const std::function<void(ProcessGroup*)>& body) {
  if (ranks == 1) {
    body(nullptr);
  } else {
    on_ranks(ranks, [&](ProcessGroup& group) { body(&group); });
  }
}

}  // namespace

ScaleRow measure_ranks(const Scene& scene, int ranks, int64_t iters, int64_t warmup) {
  ScaleRow row;
  row.ranks = ranks;
  const int64_t blocks = std::max<int64_t>(1, iters / kBlockSteps);
  // Rank 0's fastest block: the one least slowed by other work on the machine (the ranks
  // move in lockstep, so rank 0's block time is the group's).
  double best = 1e300, best_reduce = 0;
  int64_t bucket = 0;
  on_ranks_or_alone(ranks, [&](ProcessGroup* group) {
    std::unique_ptr<EgeotTrainer> trainer;
    {
      std::lock_guard<std::mutex> lock(building);
      trainer = std::make_unique<EgeotTrainer>(scene, torch::kCPU);
    }
    std::unique_ptr<GradientAllReducer> reducer;
    if (group) {
      reducer = std::make_unique<GradientAllReducer>(*group);
      trainer->set_data_parallel(ranks,
                                 [&](const std::vector<torch::Tensor>& p) { (*reducer)(p); });
    }
    double agreeing = 0;
    const auto step = [&] {
      trainer->step();
      if (!group) return;
      const auto t = Clock::now();
      agree_on_step(*group, false, false);
      agreeing += since(t);
    };
    for (int64_t i = 0; i < warmup; ++i) step();
    for (int64_t b = 0; b < blocks; ++b) {
      const double reduced0 = reducer ? reducer->seconds() : 0, agreed0 = agreeing;
      const auto t0 = Clock::now();
      for (int64_t i = 0; i < kBlockSteps; ++i) step();
      const double wall = since(t0);
      if ((!group || group->rank() == 0) && wall < best) {
        best = wall;
        best_reduce = (reducer ? reducer->seconds() : 0) - reduced0 + agreeing - agreed0;
      }
    }
    if (reducer) bucket = reducer->bucket_bytes();
  });
  row.step_ms = 1e3 * best / kBlockSteps;
  row.it_per_s = 1e3 / row.step_ms;
  row.allreduce_ms = 1e3 * best_reduce / kBlockSteps;
  row.bucket_bytes = bucket;
  return row;
}

std::vector<double> shard_step_seconds(const Scene& scene, const std::vector<int64_t>& shards,
                                       int64_t iters) {
  std::vector<std::unique_ptr<EgeotTrainer>> trainers;
  for (auto n : shards) {
    Scene shard = scene;
    shard.optimizer.batch = std::max<int64_t>(1, scene.optimizer.batch / n);
    trainers.push_back(std::make_unique<EgeotTrainer>(shard, torch::kCPU));
    for (int i = 0; i < 3; ++i) trainers.back()->step();
  }
  // Blocks of each shard size in turn, so that load from other work falls on all of them;
  // each size's fastest block.
  std::vector<double> best(shards.size(), 1e300);
  for (int64_t b = 0; b < std::max<int64_t>(1, iters / kBlockSteps); ++b) {
    for (size_t k = 0; k < shards.size(); ++k) {
      const auto t0 = Clock::now();
      for (int64_t i = 0; i < kBlockSteps; ++i) trainers[k]->step();
      best[k] = std::min(best[k], since(t0) / kBlockSteps);
    }
  }
  return best;
}

LinkCost measure_loopback_link(int64_t small_reps, int64_t big_bytes) {
  LinkCost link;
  double small_s = 0, big_s = 0;
  constexpr int kBigReps = 5;
  on_ranks(2, [&](ProcessGroup& group) {
    auto small = torch::ones({1});
    auto big = torch::ones({big_bytes / 4});
    group.all_reduce_sum(small, "warm-up");
    group.all_reduce_sum(big, "warm-up");
    // The median small call and the fastest large one: robust to other work on the machine.
    std::vector<double> calls;
    for (int64_t i = 0; i < small_reps; ++i) {
      const auto t0 = Clock::now();
      group.all_reduce_sum(small, "the latency probe");
      calls.push_back(since(t0));
    }
    std::nth_element(calls.begin(), calls.begin() + calls.size() / 2, calls.end());
    double b = 1e300;
    for (int i = 0; i < kBigReps; ++i) {
      const auto t0 = Clock::now();
      group.all_reduce_sum(big, "the bandwidth probe");
      b = std::min(b, since(t0));
    }
    if (group.rank() == 0) {
      small_s = calls[calls.size() / 2];
      big_s = b;
    }
  });
  // Two ranks: a ring all-reduce takes 2 latencies and moves the payload once each way.
  link.latency_s = small_s / 2;
  link.bytes_per_s = big_bytes / std::max(1e-9, big_s - small_s);
  return link;
}

double ring_allreduce_seconds(int64_t bytes, int n, const LinkCost& link) {
  if (n <= 1) return 0;
  return 2.0 * (n - 1) * link.latency_s + 2.0 * (n - 1) / n * bytes / link.bytes_per_s;
}

}  // namespace egeot
