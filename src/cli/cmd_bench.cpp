// `egeot bench gauss2gauss`: trains EgEOT on the benchmark's Gaussian pairs and prints
// BW2^2-UVP (plan) beside the paper's values, with each cell's time.
#include "bench/eps_sweep_bench.h"
#include "bench/gauss2gauss_bench.h"
#include "cli/bench_output.h"
#include "cli/bench_samplers.h"
#include "cli/bench_scale.h"
#include "cli/bench_speed.h"
#include "cli/bench_translate.h"
#include "cli/commands.h"
#include "cli/eps_options.h"
#include "cli/parse.h"
#include "cli/progress_bar.h"
#include "cli/validators.h"
#include "core/nets/device.h"

#include <torch/torch.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

namespace egeot::cli {
namespace {

struct BenchOptions {
  std::string dims = "2,16";
  EpsFlag eps{"0.1,1,10", {}};
  int64_t iters = -1;        // the settings file's
  int64_t score_every = -1;  // the settings file's
  std::string settings;
  std::string device = "auto";
  bool json = false;
};

void run_gauss2gauss(const BenchOptions& o) {
  const auto dims = parse_dims("--dims", o.dims);
  const auto& eps_list = o.eps.values;
  const std::string file = o.settings.empty() ? bench_settings_path() : o.settings;
  // Validate every cell's settings before spending minutes on the first.
  std::vector<BenchSettings> cells;
  for (auto d : dims) {
    for (auto e : eps_list) {
      cells.push_back(bench_settings(d, e, file));
      if (o.iters >= 0) cells.back().iters = o.iters;
      if (o.score_every >= 0) cells.back().score_every = o.score_every;
    }
  }
  const auto device = pick_device(o.device);
  if (!o.json) {
    std::printf("EgEOT on the Gaussian benchmark pairs (%s), BW2^2-UVP in %%; target = max(3 x published, 0.1)\n",
                file.c_str());
    std::printf("%5s %6s %7s %11s %11s %10s %11s %9s %9s %6s %8s %7s\n", "D", "eps", "iters", "plan", "marginal",
                "floor", "plan(grid)", "published", "target", "met", "train s", "eval s");
  }
  auto rows = nlohmann::json::array();
  for (const auto& cell : cells) {
    const auto published = published_bw_uvp(cell.scene.potential.dim, cell.scene.eps);
    ProgressBar bar(0, cell.iters);
    auto progress = [&](int64_t k, int64_t, double loss) { bar.update(k, loss); };
    auto r = run_bench_cell(cell, device, progress);
    bar.finish();
    const double target = published ? std::max(3 * *published, 0.1) : NAN;
    if (o.json) {
      nlohmann::json row = {{"dim", r.dim},
                            {"eps", r.eps},
                            {"iters", r.iters},
                            {"bw_uvp_plan", r.bw_uvp_plan},
                            {"bw_uvp_marginal", r.bw_uvp_marginal},
                            {"bw_uvp_plan_floor", r.floor_plan},
                            {"bw_uvp_plan_grid", r.bw_uvp_plan_grid},
                            {"train_seconds", r.train_seconds},
                            {"eval_seconds", r.eval_seconds},
                            {"eval_sampler", r.eval_sampler}};
      if (r.eval_acceptance >= 0) row["eval_acceptance"] = r.eval_acceptance;
      if (!r.along.empty()) {
        auto along = nlohmann::json::array();
        for (const auto& p : r.along) {
          along.push_back({{"iter", p.iter}, {"bw_uvp_plan_grid", p.bw_uvp_plan_grid}, {"raw", p.raw}});
        }
        row["along"] = along;
      }
      if (published) {
        row["published"] = *published;
        row["target"] = target;
        row["met"] = r.bw_uvp_plan <= target;
      }
      rows.push_back(row);
    } else {
      char pub[16] = "-", tgt[16] = "-";
      if (published) {
        std::snprintf(pub, sizeof pub, "%.2f", *published);
        std::snprintf(tgt, sizeof tgt, "%.2f", target);
      }
      char grid[16] = "-";
      if (r.bw_uvp_plan_grid >= 0) std::snprintf(grid, sizeof grid, "%.4f", r.bw_uvp_plan_grid);
      std::printf("%5lld %6g %7lld %11.4f %11.4f %10.4f %11s %9s %9s %6s %8.1f %7.1f\n",
                  static_cast<long long>(r.dim), r.eps, static_cast<long long>(r.iters), r.bw_uvp_plan,
                  r.bw_uvp_marginal, r.floor_plan, grid, pub, tgt, published ? (r.bw_uvp_plan <= target ? "yes" : "NO") : "-",
                  r.train_seconds, r.eval_seconds);
      if (r.eval_acceptance >= 0) {
        std::printf("      sampled by %s (acceptance %.3f after warm-up)\n", r.eval_sampler.c_str(), r.eval_acceptance);
      }
      if (!r.along.empty()) {
        std::printf("      along training, plan(grid) of the evaluated weights (raw iterate):\n");
        for (const auto& p : r.along) {
          std::printf("      %9lld it  %9.4f  (%.4f)\n", static_cast<long long>(p.iter), p.bw_uvp_plan_grid, p.raw);
        }
      }
      std::fflush(stdout);
    }
  }
  if (o.json) {
    print_bench_json("gauss2gauss", rows);
  } else {
    std::printf("plan, marginal: from Langevin samples of the learned plan (x ~ P, fresh chains); floor: what\n"
                "exact samples of the truth score on average at that sample size; plan(grid), D = 2: the plan\n"
                "of the learned f with its conditionals normalised on a grid and x integrated by Gauss-Hermite\n"
                "quadrature: no sampler, no sampling floor.\n");
  }
}

struct EpsSweepCliOptions {
  EpsFlag eps;             // not given: the settings file's
  EpsRangeFlag eps_range;  // not given: the file's margin around the list
  // -1: the settings file's
  int64_t iters = -1, conditioned_iters = -1, eval_samples = -1, eval_steps = -1, grid_nodes = -1;
  std::string settings;
  std::string device = "auto";
  bool json = false;
};

void run_eps_sweep_cli(const EpsSweepCliOptions& o) {
  EpsSweepOverrides ov;
  if (o.eps.given()) ov.eps = o.eps.values;
  if (o.eps_range.given()) {
    ov.range_min = o.eps_range.min;
    ov.range_max = o.eps_range.max;
  }
  ov.single_iters = o.iters;
  ov.conditioned_iters = o.conditioned_iters;
  ov.eval_samples = o.eval_samples;
  ov.eval_steps = o.eval_steps;
  ov.grid_nodes = o.grid_nodes;
  const auto settings = eps_sweep_settings(ov, o.settings.empty() ? eps_sweep_settings_path() : o.settings);
  const auto device = pick_device(o.device);
  std::unique_ptr<ProgressBar> bar;
  const auto say = stage_printer("egeot bench eps-sweep", o.json);
  auto stage = [&](const std::string& what) {
    if (bar) bar->finish();
    bar.reset();
    say(what);
  };
  auto progress = [&](int64_t k, int64_t total, double loss) {
    if (!bar) bar = std::make_unique<ProgressBar>(0, total);
    bar->update(k, loss);
    if (k == total) {
      bar->finish();
      bar.reset();
    }
  };
  const auto r = run_eps_sweep(settings, device, stage, progress);
  if (bar) bar->finish();
  const double ratio_time = r.single_train_seconds / std::max(1e-9, r.conditioned_train_seconds);
  if (o.json) {
    auto rows = nlohmann::json::array();
    for (const auto& row : r.rows) {
      rows.push_back({{"eps", row.eps},
                      {"single_bw_uvp_plan", row.single.bw_uvp_plan},
                      {"conditioned_bw_uvp_plan", row.conditioned.bw_uvp_plan},
                      {"single_bw_uvp_plan_grid", row.single.bw_uvp_plan_grid},
                      {"conditioned_bw_uvp_plan_grid", row.conditioned.bw_uvp_plan_grid},
                      {"bw_uvp_plan_floor", row.single.floor_plan},
                      {"single_train_seconds", row.single.train_seconds}});
    }
    const auto& range = settings.conditioned.scene.potential.eps_range;
    print_bench_json("eps_sweep", {{"rows", rows},
                                   {"eps_range", {range.min, range.max}},
                                   {"single_iters_total", r.single_iters_total},
                                   {"conditioned_iters", r.conditioned_iters},
                                   {"single_train_seconds", r.single_train_seconds},
                                   {"conditioned_train_seconds", r.conditioned_train_seconds}});
    return;
  }
  std::printf("D = 2 Gaussian pair: one eps-conditioned model (eps range %s, %lld iterations) vs one\n"
              "single-eps model per eps; BW2^2-UVP of the plan in %%\n",
              settings.conditioned.scene.potential.eps_range.text().c_str(),
              static_cast<long long>(r.conditioned_iters));
  std::printf("%7s %11s %11s %7s %12s %12s %9s %9s\n", "eps", "single", "conditioned", "ratio", "single(grid)",
              "cond(grid)", "floor", "single s");
  for (const auto& row : r.rows) {
    char sg[16] = "-", cg[16] = "-";
    if (row.single.bw_uvp_plan_grid >= 0) std::snprintf(sg, sizeof sg, "%.4f", row.single.bw_uvp_plan_grid);
    if (row.conditioned.bw_uvp_plan_grid >= 0) std::snprintf(cg, sizeof cg, "%.4f", row.conditioned.bw_uvp_plan_grid);
    std::printf("%7g %11.4f %11.4f %7.2f %12s %12s %9.4f %9.1f\n", row.eps, row.single.bw_uvp_plan,
                row.conditioned.bw_uvp_plan, row.conditioned.bw_uvp_plan / std::max(1e-12, row.single.bw_uvp_plan), sg,
                cg, row.single.floor_plan, row.single.train_seconds);
  }
  std::printf("training time: %zu single-eps models %.1f s (%lld iterations in all); the eps-conditioned model "
              "%.1f s (%lld iterations); ratio %.2f\n",
              r.rows.size(), r.single_train_seconds, static_cast<long long>(r.single_iters_total),
              r.conditioned_train_seconds, static_cast<long long>(r.conditioned_iters), ratio_time);
  std::printf("single, conditioned: from Langevin samples (x ~ P, fresh chains); ratio = conditioned / single;\n"
              "(grid): the plan of the learned f with its conditionals normalised on a grid and x integrated by\n"
              "quadrature (no sampler, no floor); floor: what exact samples of the truth score on average at\n"
              "that sample size.\n");
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("bench", "Benchmarks against ground truths");
  cmd->require_subcommand(1);
  auto o = std::make_shared<BenchOptions>();
  auto* g = cmd->add_subcommand("gauss2gauss", "BW2^2-UVP of EgEOT on the Gaussian pairs vs the paper's Table 1");
  g->add_option("--dims", o->dims, "Comma-separated dimensions")->capture_default_str();
  add_eps_option(g, o->eps, EpsForm::kList, "Comma-separated eps values");
  g->add_option("--iters", o->iters, "Training iterations per cell (default: the settings file's)")
      ->check(integer_at_least(0));
  g->add_option("--score-every", o->score_every,
                "D = 2: score the grid plan every N iterations while training (0: only the end; default: the settings file's)")
      ->check(integer_at_least(0));
  g->add_option("--settings", o->settings, "Settings file (default: assets/bench/gauss2gauss.json)");
  add_bench_output_options(g, o->device, o->json);
  g->callback([o] { run_gauss2gauss(*o); });

  auto so = std::make_shared<EpsSweepCliOptions>();
  auto* e = cmd->add_subcommand("eps-sweep",
                                "One eps-conditioned model vs single-eps models on the D = 2 Gaussian pair");
  add_eps_option(e, so->eps, EpsForm::kList, "Comma-separated eps values to score at (default: 0.1,0.3,1,3,10)");
  add_eps_range_option(e, so->eps_range, "MIN:MAX trained by the conditioned model (default: the list's, widened)");
  e->add_option("--iters", so->iters, "Training iterations per single-eps model (default: gauss2gauss's)")
      ->check(integer_at_least(0));
  e->add_option("--conditioned-iters", so->conditioned_iters, "Training iterations of the conditioned model")
      ->check(integer_at_least(0));
  e->add_option("--eval-samples", so->eval_samples, "(x, y) pairs per BW2^2-UVP")->check(integer_at_least(6));
  e->add_option("--eval-steps", so->eval_steps, "Langevin steps from fresh chains")->check(integer_at_least(0));
  e->add_option("--grid-nodes", so->grid_nodes, "Gauss-Hermite nodes per coordinate of x for the grid plan (0: skip it)")
      ->check(integer_at_least(0));
  e->add_option("--settings", so->settings, "Settings file (default: assets/bench/eps_sweep.json)");
  add_bench_output_options(e, so->device, so->json);
  e->callback([so] { run_eps_sweep_cli(*so); });

  add_bench_translate(cmd);
  add_bench_train(cmd);
  add_bench_time_to_plan(cmd);
  add_bench_samplers(cmd);
  add_bench_scale(cmd);
}

}  // namespace egeot::cli
