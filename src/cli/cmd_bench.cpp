// `egeot bench gauss2gauss`: trains EgEOT on the benchmark's Gaussian pairs and prints
// BW2^2-UVP (plan) beside the paper's values, with each cell's time.
#include "cli/commands.h"
#include "cli/parse.h"
#include "cli/progress_bar.h"
#include "core/device.h"
#include "core/error.h"
#include "core/gauss2gauss_bench.h"

#include <torch/torch.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

namespace egeot::cli {
namespace {

struct BenchOptions {
  std::string dims = "2,16";
  std::string eps = "0.1,1,10";
  int64_t iters = -1;
  std::string settings;
  std::string device = "auto";
  bool json = false;
};

void run_gauss2gauss(const BenchOptions& o) {
  const auto dims = parse_dims("--dims", o.dims);
  const auto eps_list = parse_positive_list("--eps", o.eps);
  if (o.iters < -1) throw InputError("--iters: expected an integer >= 0");
  const std::string file = o.settings.empty() ? bench_settings_path() : o.settings;
  // Validate every cell's settings before spending minutes on the first.
  std::vector<BenchSettings> cells;
  for (auto d : dims) {
    for (auto e : eps_list) {
      cells.push_back(bench_settings(d, e, file));
      if (o.iters >= 0) cells.back().iters = o.iters;
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
                            {"eval_seconds", r.eval_seconds}};
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
      std::fflush(stdout);
    }
  }
  if (o.json) {
    std::cout << nlohmann::json{{"gauss2gauss", rows}}.dump() << "\n";
  } else {
    std::printf("plan, marginal: from Langevin samples of the learned plan (x ~ P, fresh chains); floor: what\n"
                "exact samples of the truth score on average at that sample size; plan(grid), D = 2: the plan\n"
                "of the learned f with its conditionals normalised on a grid instead of sampled.\n");
  }
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("bench", "Benchmarks against ground truths");
  cmd->require_subcommand(1);
  auto o = std::make_shared<BenchOptions>();
  auto* g = cmd->add_subcommand("gauss2gauss", "BW2^2-UVP of EgEOT on the Gaussian pairs vs the paper's Table 1");
  g->add_option("--dims", o->dims, "Comma-separated dimensions")->capture_default_str();
  g->add_option("--eps", o->eps, "Comma-separated eps values")->capture_default_str();
  g->add_option("--iters", o->iters, "Training iterations per cell (default: the settings file's)");
  g->add_option("--settings", o->settings, "Settings file (default: assets/bench/gauss2gauss.json)");
  g->add_option("--device", o->device, "cpu, cuda or auto")->capture_default_str();
  g->add_flag("--json", o->json, "One JSON object on stdout");
  g->callback([o] { run_gauss2gauss(*o); });
}

}  // namespace egeot::cli
