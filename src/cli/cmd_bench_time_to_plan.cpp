// `egeot bench time-to-plan`: the conditionals' distance to the Sinkhorn truth after given
// wall times of training from a fresh start, median over seeds, against its sampling floor.
// The conditionals are drawn with MALA by default: ULA at the scene's step is biased away from
// the learned pi_f(.|x), and the bench is meant to score the potential, not that bias.
#include "base/error.h"
#include "bench/machine_load.h"
#include "bench/time_to_plan_bench.h"
#include "cli/bench_output.h"
#include "cli/bench_speed.h"
#include "cli/common_options.h"
#include "cli/parse.h"
#include "cli/validators.h"
#include "core/nets/device.h"

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace egeot::cli {
namespace {

struct BenchTimeToPlanOptions {
  std::string scene = "swissroll";
  std::string seeds = "0,1,2";
  std::string budgets = "15,30,60";
  std::string device = "auto";
  bool json = false;
  int64_t steps = 0;  // eval's chain length; 0: eval's default
  // The floor differs by orders of magnitude between query points (largest where the
  // conditional is close to the target marginal, so its normalising baseline is small), and
  // which points are drawn moves a 30-point summary by more than the factor the bench judges.
  // So every run is scored on the same 90 points by default, and judged by medians over them.
  int64_t queries = 90;
  int64_t eval_seed = 0;
  bool own_queries = false;  // each run scored on its own seed's query points instead
  SamplerFlags sampler;
};

// The eval kernel the flags name: by default MALA adapting its step; a kernel named on the
// command line takes its flags as `egeot eval` does.
LangevinSettings eval_kernel(const SamplerFlags& given, const LangevinSettings& scene_kernel) {
  SamplerFlags flags = given;
  if (flags.kind.empty()) {
    flags.kind = "mala";
    if (flags.target_accept <= 0 && flags.step <= 0) flags.target_accept = kMalaTargetAccept;
  }
  LangevinSettings kernel = scene_kernel;
  apply_sampler_flags(flags, kernel);
  return kernel;
}

void run_bench_time_to_plan(const BenchTimeToPlanOptions& o) {
  TimeToPlanOptions t;
  t.seeds = parse_seeds("--seeds", o.seeds);
  t.budgets = parse_positive_list("--budgets", o.budgets);
  for (size_t i = 1; i < t.budgets.size(); ++i) {
    if (!(t.budgets[i] > t.budgets[i - 1])) {
      throw InputError("--budgets '" + o.budgets + "': expected increasing seconds");
    }
  }
  const Scene scene = load_scene(o.scene);
  t.kernel = eval_kernel(o.sampler, scene.sampler);
  t.eval.steps = o.steps;
  t.eval.n_queries = o.queries;
  if (!o.own_queries) t.eval_seed = o.eval_seed;
  const auto device = pick_device(o.device);
  const auto before = machine_load();
  const auto r = run_time_to_plan(scene, device, t, stage_printer("egeot bench time-to-plan", o.json));
  const auto after = machine_load();
  if (o.json) {
    auto rows = nlohmann::json::array();
    for (size_t b = 0; b < t.budgets.size(); ++b) {
      auto per_seed = nlohmann::json::array();
      for (const auto& run : r.runs) {
        const auto& p = run.points[b];
        per_seed.push_back({{"seed", run.seed},
                            {"iteration", p.iteration},
                            {"trained_seconds", p.trained},
                            {"conditional_distance", p.distance},
                            {"conditional_floor", p.floor},
                            {"conditional_distance_median", p.distance_median},
                            {"conditional_floor_median", p.floor_median},
                            {"eval_seconds", p.eval_seconds},
                            {"acceptance", p.acceptance >= 0 ? nlohmann::json(p.acceptance)
                                                             : nlohmann::json(nullptr)},
                            {"collapsed_runs", p.collapsed_runs}});
      }
      rows.push_back({{"budget_seconds", t.budgets[b]},
                      {"median_conditional_distance", r.median_distance[b]},
                      {"median_conditional_floor", r.median_floor[b]},
                      {"ratio_to_floor", r.median_distance[b] / r.median_floor[b]},
                      {"median_ratio_to_own_floor", r.median_ratio[b]},
                      {"median_query_median_ratio", r.median_query_ratio[b]},
                      {"median_query_median_distance", r.median_query_distance[b]},
                      {"median_query_median_floor", r.median_query_floor[b]},
                      {"median_iteration", r.median_iteration[b]},
                      {"seeds", per_seed}});
    }
    print_bench_json("time_to_plan",
                     {{"scene", r.scene},
                      {"kernel", r.kernel},
                      {"queries", o.queries},
                      {"eval_seed", r.shared_queries ? nlohmann::json(o.eval_seed) : nlohmann::json(nullptr)},
                      {"reference_seconds", r.reference_seconds},
                      {"rows", rows}},
                     before, after);
    return;
  }
  std::printf(
      "time to plan: %s on %s, fresh starts, seeds %s; `egeot eval`'s conditional distance to "
      "Sinkhorn\n",
      r.scene.c_str(), device.str().c_str(), o.seeds.c_str());
  if (r.shared_queries) {
    std::printf("every run scored on the same %lld query points (seed %lld); references drawn once in %.1f s\n",
                static_cast<long long>(o.queries), static_cast<long long>(o.eval_seed),
                r.reference_seconds);
  } else {
    std::printf("each run scored on %lld query points of its own seed; references drawn in %.1f s\n",
                static_cast<long long>(o.queries), r.reference_seconds);
  }
  std::printf("conditionals drawn by %s (training: the scene's %s)\n", r.kernel.c_str(),
              scene.sampler.kind.c_str());
  print_machine_loads(before, after);
  std::printf("%9s %11s | %-29s | %-29s\n", "", "", "medians over query points", "means over query points");
  std::printf("%9s %11s | %9s %9s %9s | %9s %9s %9s\n", "budget s", "iterations", "distance", "floor",
              "/ floor", "distance", "floor", "/ floor");
  for (size_t b = 0; b < t.budgets.size(); ++b) {
    std::printf("%9g %11.0f | %9.4f %9.4f %9.2f | %9.4f %9.4f %9.2f\n", t.budgets[b], r.median_iteration[b],
                r.median_query_distance[b], r.median_query_floor[b], r.median_query_ratio[b],
                r.median_distance[b], r.median_floor[b], r.median_ratio[b]);
  }
  std::printf(
      "medians over seeds; budget: training seconds (evaluation paused the clock); distance: energy\n"
      "distance of the learned conditional to Sinkhorn's over that of ignoring x, per query point;\n"
      "floor: what a second Sinkhorn plan on fresh samples scores; / floor: each seed's distance over\n"
      "the floor of the points it was scored on, median over seeds. The medians over query points are\n"
      "the verdict: where a conditional spreads over most of the target its baseline is small, and a\n"
      "few such points outweigh all the others in a mean.\n");
}

}  // namespace

void add_bench_time_to_plan(CLI::App* bench) {
  auto o = std::make_shared<BenchTimeToPlanOptions>();
  auto* cmd = bench->add_subcommand(
      "time-to-plan",
      "Conditionals' distance to the Sinkhorn truth after given seconds of training");
  cmd->add_option("--scene", o->scene, "Preset name (see `egeot scenes`) or scene .json file")
      ->capture_default_str();
  cmd->add_option("--seeds", o->seeds, "Comma-separated seeds, one fresh run each")
      ->capture_default_str();
  cmd->add_option("--budgets", o->budgets,
                  "Comma-separated increasing training seconds to score at")
      ->capture_default_str();
  cmd->add_option("--steps", o->steps,
                  "Steps of the chains drawing the conditionals (default: 10x the scene's)")
      ->check(integer_at_least(1));
  cmd->add_option("--queries", o->queries, "Query points x per evaluation (eval's --queries)")
      ->capture_default_str()
      ->check(integer_at_least(1));
  cmd->add_option("--eval-seed", o->eval_seed,
                  "Score every run on this seed's query points and Sinkhorn reference")
      ->capture_default_str()
      ->check(integer_at_least(0));
  cmd->add_flag("--own-queries", o->own_queries,
                "Score each run on its own seed's query points instead (the runs then differ in "
                "their yardsticks too)")
      ->excludes("--eval-seed");
  add_sampler_options(cmd, o->sampler);
  cmd->get_option("--sampler")
      ->description("Kernel drawing the conditionals: ula, mala or hmc (default: mala, its step "
                    "adapted towards acceptance 0.574 over the first half of the run; training "
                    "keeps the scene's kernel)");
  add_bench_output_options(cmd, o->device, o->json);
  cmd->callback([o] { run_bench_time_to_plan(*o); });
}

}  // namespace egeot::cli
