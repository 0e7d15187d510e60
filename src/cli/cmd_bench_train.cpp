// `egeot bench train`: ms/it of the engine at a scene, the fused and the autograd Langevin
// gradient side by side, and the sampler against a GEMM micro-benchmark of its own shapes.
#include "bench/machine_load.h"
#include "bench/train_bench.h"
#include "cli/bench_output.h"
#include "cli/bench_speed.h"
#include "cli/validators.h"
#include "core/nets/device.h"

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace egeot::cli {
namespace {

struct BenchTrainOptions {
  std::string scene;
  TrainBenchOptions bench;
  std::string device = "auto";
  bool json = false;
};

std::string widths_text(const std::vector<int64_t>& widths) {
  std::string s;
  for (auto w : widths) s += (s.empty() ? "" : "x") + std::to_string(w);
  return s;
}

void run_bench_train(const BenchTrainOptions& o) {
  const Scene scene = load_scene(o.scene);
  const auto device = pick_device(o.device);
  const auto before = machine_load();
  if (!o.json) {
    std::fprintf(stderr,
                 "egeot bench train: %s, %lld iterations per gradient in %lld interleaved blocks\n",
                 scene.name.c_str(), static_cast<long long>(o.bench.iters),
                 static_cast<long long>(o.bench.blocks));
  }
  const auto r = run_train_bench(scene, device, o.bench, count_printer("block", o.json));
  const auto after = machine_load();
  if (o.json) {
    auto timing = [](const GradientTiming& t) {
      return nlohmann::json{{"ms_per_it", t.ms_per_it},
                            {"sampler_ms", t.sampler_ms},
                            {"sampler_share", t.sampler_ms / t.ms_per_it},
                            {"gemm_fraction", t.fraction},
                            {"fastest_block",
                             {{"ms_per_it", t.best_ms_per_it},
                              {"sampler_ms", t.best_sampler_ms},
                              {"gemm_fraction", t.best_fraction}}}};
    };
    print_bench_json("bench_train",
                     {{"scene", r.scene},
                      {"batch", r.batch},
                      {"langevin_steps", r.steps},
                      {"widths", r.widths},
                      {"iters_per_block", r.iters_per_block},
                      {"blocks", r.blocks},
                      {"fused", timing(r.fused)},
                      {"autograd", timing(r.autograd)},
                      {"sampler_gflop_per_it", r.sampler_gflop},
                      {"gemm_gflops", r.gemm_gflops},
                      {"gemm_gflops_fastest_block", r.best_gemm_gflops}},
                     before, after);
    return;
  }
  std::printf(
      "bench train: %s on %s (batch %lld, %s MLP, %lld Langevin steps); medians of %lld blocks of "
      "%lld "
      "iterations\n",
      r.scene.c_str(), device.str().c_str(), static_cast<long long>(r.batch),
      widths_text(r.widths).c_str(), static_cast<long long>(r.steps),
      static_cast<long long>(r.blocks), static_cast<long long>(r.iters_per_block));
  print_machine_loads(before, after);
  std::printf("%-9s %-8s %9s %12s %14s %13s\n", "gradient", "blocks", "ms/it", "sampler ms",
              "sampler share", "of GEMM rate");
  for (const auto* t : {&r.fused, &r.autograd}) {
    std::printf("%-9s %-8s %9.2f %12.2f %13.0f%% %12.0f%%\n", t->gradient.c_str(), "median",
                t->ms_per_it, t->sampler_ms, 100 * t->sampler_ms / t->ms_per_it, 100 * t->fraction);
    std::printf("%-9s %-8s %9.2f %12.2f %13.0f%% %12.0f%%\n", t->gradient.c_str(), "fastest",
                t->best_ms_per_it, t->best_sampler_ms, 100 * t->best_sampler_ms / t->best_ms_per_it,
                100 * t->best_fraction);
  }
  std::printf("fused / autograd (medians): %.2fx the iteration rate, %.2fx the sampler's\n",
              r.autograd.ms_per_it / r.fused.ms_per_it, r.autograd.sampler_ms / r.fused.sampler_ms);
  std::printf(
      "sampler GEMMs: %.3f GFLOP per iteration; micro-benchmark of the same shapes: %.1f GFLOP/s "
      "(fastest block %.1f)\n",
      r.sampler_gflop, r.gemm_gflops, r.best_gemm_gflops);
  std::printf(
      "ms/it: a whole training step as `egeot train` runs it (divergence guard included); sampler "
      "ms:\n"
      "one sampler run of the step's shape; of GEMM rate: the sampler's GEMM FLOPs / its time, "
      "over\n"
      "the micro-benchmark's rate; fastest: the least disturbed block of each, for a loaded "
      "machine.\n");
}

}  // namespace

void add_bench_train(CLI::App* bench) {
  auto o = std::make_shared<BenchTrainOptions>();
  auto* cmd = bench->add_subcommand("train",
                                    "ms/it of the engine at a scene: fused vs autograd Langevin "
                                    "gradient, against a GEMM micro-benchmark");
  cmd->add_option("--scene", o->scene, "Preset name (see `egeot scenes`) or scene .json file")
      ->required();
  cmd->add_option("--iters", o->bench.iters, "Timed training iterations per gradient")
      ->capture_default_str()
      ->check(integer_at_least(1));
  cmd->add_option("--blocks", o->bench.blocks,
                  "Interleaved repetitions the iterations are split into")
      ->capture_default_str()
      ->check(integer_at_least(1));
  add_bench_output_options(cmd, o->device, o->json);
  cmd->callback([o] { run_bench_train(*o); });
}

}  // namespace egeot::cli
