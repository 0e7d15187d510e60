// `egeot bench time-to-plan`: the conditionals' distance to the Sinkhorn truth after given
// wall times of training from a fresh start, median over seeds, against its sampling floor.
#include "base/error.h"
#include "bench/machine_load.h"
#include "bench/time_to_plan_bench.h"
#include "cli/bench_speed.h"
#include "cli/common_options.h"
#include "cli/parse.h"
#include "core/nets/device.h"

#include <cstdio>
#include <iostream>
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
};

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
  const auto device = pick_device(o.device);
  const auto before = machine_load();
  auto progress = [&](const std::string& line) {
    if (!o.json) std::fprintf(stderr, "egeot bench time-to-plan: %s\n", line.c_str());
  };
  const auto r = run_time_to_plan(scene, device, t, progress);
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
                            {"eval_seconds", p.eval_seconds}});
      }
      rows.push_back({{"budget_seconds", t.budgets[b]},
                      {"median_conditional_distance", r.median_distance[b]},
                      {"median_conditional_floor", r.median_floor[b]},
                      {"ratio_to_floor", r.median_distance[b] / r.median_floor[b]},
                      {"median_iteration", r.median_iteration[b]},
                      {"seeds", per_seed}});
    }
    std::cout << nlohmann::json{{"time_to_plan",
                                 {{"scene", r.scene},
                                  {"rows", rows},
                                  {"load_before", before.text()},
                                  {"load_after", after.text()}}}}
                     .dump()
              << "\n";
    return;
  }
  std::printf(
      "time to plan: %s on %s, fresh starts, seeds %s; `egeot eval`'s conditional distance to "
      "Sinkhorn\n",
      r.scene.c_str(), device.str().c_str(), o.seeds.c_str());
  std::printf("machine before: %s\nmachine after:  %s\n", before.text().c_str(),
              after.text().c_str());
  std::printf("%9s %11s %10s %10s %9s\n", "budget s", "iterations", "distance", "floor", "/ floor");
  for (size_t b = 0; b < t.budgets.size(); ++b) {
    std::printf("%9g %11.0f %10.4f %10.4f %9.2f\n", t.budgets[b], r.median_iteration[b],
                r.median_distance[b], r.median_floor[b], r.median_distance[b] / r.median_floor[b]);
  }
  std::printf(
      "medians over seeds; budget: training seconds (evaluation paused the clock); distance: mean "
      "over\n"
      "query points of energy distance to the Sinkhorn conditional / that of ignoring x; floor: "
      "what a\n"
      "second Sinkhorn plan on fresh samples scores.\n");
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
  add_device_option(cmd, o->device);
  cmd->add_flag("--json", o->json, "One JSON object on stdout");
  cmd->callback([o] { run_bench_time_to_plan(*o); });
}

}  // namespace egeot::cli
