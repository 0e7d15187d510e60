// `egeot bench scale`: training it/s with 1, 2, 4 data-parallel ranks on this machine, the
// share of a step spent in all-reduces, and an estimate for N machines from the measured
// communication cost, with its assumptions printed beside it.
#include "base/error.h"
#include "bench/machine_load.h"
#include "bench/scale_bench.h"
#include "cli/bench_scale.h"
#include "cli/validators.h"
#include "core/nets/device.h"
#include "core/scenes/scene.h"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace egeot::cli {
namespace {

struct BenchScaleOptions {
  std::string scene = "8gaussians";
  std::vector<int64_t> ranks{1, 2, 4};
  std::vector<int64_t> machines{1, 2, 4, 8, 16};
  int64_t iters = 60;
  double latency_us = -1;  // -1: the loopback's, measured
  double gbps = -1;
};

void run_bench_scale(const BenchScaleOptions& o) {
  const Scene scene = load_scene(o.scene);
  for (auto r : o.ranks) {
    if (scene.optimizer.batch % r != 0) {
      throw InputError("--ranks " + std::to_string(r) + ": the scene's batch " +
                       std::to_string(scene.optimizer.batch) + " must divide by it");
    }
  }
  const int64_t warmup = 10;
  // Every rank, and the lone one it is compared with, on one core's BLAS: OpenBLAS pools
  // called from several rank threads at once would spin against each other.
  set_blas_threads(1);
  std::printf(
      "egeot bench scale: scene %s (batch %lld, %lld Langevin steps), %lld timed steps after %lld\n"
      "warm-up; at start: %s (others' work skews timings)\n",
      scene.name.c_str(), static_cast<long long>(scene.optimizer.batch),
      static_cast<long long>(scene.sampler.steps), static_cast<long long>(o.iters),
      static_cast<long long>(warmup), machine_load().text().c_str());
  std::printf(
      "\nLocal ranks (threads, one Gloo group over 127.0.0.1; each rank batch/ranks, one core's "
      "BLAS;\n"
      "each row the fastest of its blocks of %lld steps):\n",
      static_cast<long long>(kBlockSteps));
  std::printf("%6s %8s %9s %15s %7s %9s\n", "ranks", "it/s", "step ms", "all-reduce ms", "share",
              "speed-up");
  double base = 0;
  int64_t bucket = 0;
  for (auto r : o.ranks) {
    const auto row = measure_ranks(scene, static_cast<int>(r), o.iters, warmup);
    if (r == 1 || base == 0) base = row.it_per_s;
    if (row.bucket_bytes > 0) bucket = row.bucket_bytes;
    std::printf("%6d %8.1f %9.2f %15.3f %6.1f%% %8.2fx\n", row.ranks, row.it_per_s, row.step_ms,
                row.allreduce_ms, 100.0 * row.allreduce_ms / row.step_ms, row.it_per_s / base);
    std::fflush(stdout);
  }
  // The bucket's size, when no row above had two ranks.
  if (bucket == 0) bucket = measure_ranks(scene, 2, /*iters=*/2, /*warmup=*/1).bucket_bytes;

  LinkCost link = measure_loopback_link(/*small_reps=*/300, /*big_bytes=*/16 << 20);
  std::printf(
      "\nLoopback link (2 ranks): latency %.1f us per ring step, bandwidth %.2f GB/s; gradient "
      "bucket %lld bytes\n",
      1e6 * link.latency_s, link.bytes_per_s / 1e9, static_cast<long long>(bucket));
  std::string source = "the loopback's, measured above";
  if (o.latency_us >= 0) link.latency_s = o.latency_us * 1e-6;
  if (o.gbps > 0) link.bytes_per_s = o.gbps * 1e9 / 8;
  if (o.latency_us >= 0 || o.gbps > 0) source = "given by --latency-us/--gbps";
  std::printf(
      "\nEstimate for N machines, one rank each. Assumes: a step costs one rank's compute on a\n"
      "batch/N shard (measured here on one core, the fastest of interleaved blocks) plus two ring\n"
      "all-reduces (the gradient bucket and the ranks' step flags) over a link of latency %.1f us\n"
      "and %.2f GB/s (%s); ranks equally fast; no overlap of compute\n"
      "and communication. A real network has more latency and less bandwidth than loopback: rerun\n"
      "with --latency-us and --gbps for yours.\n",
      1e6 * link.latency_s, link.bytes_per_s / 1e9, source.c_str());
  std::printf("%9s %17s %9s %8s %9s\n", "machines", "shard compute ms", "comm ms", "it/s",
              "speed-up");
  double one = 0;
  const auto computes = shard_step_seconds(scene, o.machines, /*iters=*/o.iters);
  for (size_t k = 0; k < o.machines.size(); ++k) {
    const int64_t n = o.machines[k];
    const double compute = computes[k];
    const double comm = ring_allreduce_seconds(bucket, static_cast<int>(n), link) +
                        ring_allreduce_seconds(4 * (n + 1), static_cast<int>(n), link);
    const double rate = 1.0 / (compute + comm);
    if (one == 0) one = rate;
    std::printf("%9lld %17.2f %9.3f %8.1f %8.2fx\n", static_cast<long long>(n), 1e3 * compute,
                1e3 * comm, rate, rate / one);
    std::fflush(stdout);
  }
  std::printf("\nat the end: %s\n", machine_load().text().c_str());
}

}  // namespace

void add_bench_scale(CLI::App* bench) {
  auto o = std::make_shared<BenchScaleOptions>();
  auto* s = bench->add_subcommand(
      "scale", "Data-parallel training: it/s on 1, 2, 4 local ranks and an N-machine estimate");
  s->add_option("--scene", o->scene, "Preset name or scene .json file")->capture_default_str();
  s->add_option("--ranks", o->ranks, "Local rank counts to time")
      ->delimiter(',')
      ->check(integer_between(1, 64));
  s->add_option("--machines", o->machines, "Machine counts to estimate")
      ->delimiter(',')
      ->check(integer_between(1, 4096));
  s->add_option("--iters", o->iters, "Timed steps per rank count")
      ->capture_default_str()
      ->check(integer_at_least(1));
  s->add_option("--latency-us", o->latency_us,
                "Link latency per message for the estimate (default: loopback's)")
      ->check(number_at_least(0));
  s->add_option("--gbps", o->gbps,
                "Link bandwidth in Gbit/s for the estimate (default: loopback's)")
      ->check(number_above(0));
  s->callback([o] { run_bench_scale(*o); });
}

}  // namespace egeot::cli
