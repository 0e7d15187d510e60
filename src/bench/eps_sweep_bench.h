#pragma once
// `egeot bench eps-sweep`: on the D = 2 Gaussian benchmark pair, one
// eps-conditioned model trained over a range of eps against one single-eps model per eps,
// each scored by BW2^2-UVP (plan) against the closed form at every eps of the list, with
// the total training time of each approach. Settings in assets/bench/eps_sweep.json: the
// single-eps models are the gauss2gauss bench's cells (assets/bench/gauss2gauss.json), the
// conditioned model is its base scene patched by the sweep file, and both are scored the
// same way (the sweep file's "eval").
#include "bench/gauss2gauss_bench.h"

#include <functional>
#include <string>
#include <vector>

namespace egeot {

struct EpsSweepSettings {
  std::vector<double> eps;            // where both approaches are scored
  std::vector<BenchSettings> single;  // one per eps
  BenchSettings conditioned;          // scene with potential.eps_range set
};

std::string eps_sweep_settings_path();  // assets/bench/eps_sweep.json

struct EpsSweepOverrides {
  std::vector<double> eps;              // empty: the file's list
  double range_min = 0, range_max = 0;  // 0: the file's range, widened to hold eps
  int64_t single_iters = -1;            // -1: the gauss2gauss cells' own
  int64_t conditioned_iters = -1;       // -1: the file's
  int64_t eval_samples = -1, eval_steps = -1, grid_nodes = -1;
};

// Throws InputError naming the file, field or flag: e.g. an eps of the list outside the
// range ("--eps 20: outside the eps range [0.05, 10]").
EpsSweepSettings eps_sweep_settings(const EpsSweepOverrides& overrides = {},
                                    const std::string& file = eps_sweep_settings_path(),
                                    const std::string& gauss2gauss_file = bench_settings_path());

struct EpsSweepRow {
  double eps = 0;
  BenchResult single, conditioned;  // scores at this eps (single.train_seconds: its own model)
};

struct EpsSweepResult {
  std::vector<EpsSweepRow> rows;
  double single_train_seconds = 0;       // all single-eps models together
  double conditioned_train_seconds = 0;  // the one conditioned model
  int64_t single_iters_total = 0, conditioned_iters = 0;
};

// stage(what) names each model as it starts training; progress as in run_bench_cell.
EpsSweepResult run_eps_sweep(const EpsSweepSettings& settings, torch::Device device,
                             const std::function<void(const std::string&)>& stage = {},
                             const std::function<void(int64_t, int64_t, double)>& progress = {});

}  // namespace egeot
