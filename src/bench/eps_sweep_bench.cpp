#include "bench/eps_sweep_bench.h"

#include "base/assets.h"
#include "base/error.h"
#include "base/json_fields.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace egeot {
namespace {

std::string number_text(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// The sweep's evaluation, the same for both approaches.
void apply_eval(BenchSettings& b, const JsonFields& eval, const EpsSweepOverrides& o) {
  b.eval_samples = eval.integer_or("eval_samples", b.eval_samples, 6, 100000000);
  b.eval_steps = eval.integer_or("eval_steps", b.eval_steps, 0, 1000000);
  if (eval.raw().contains("grid_samples")) {
    eval.fail("grid_samples", "'grid_nodes' instead (Gauss-Hermite nodes per coordinate of x)");
  }
  b.grid_nodes = eval.integer_or("grid_nodes", b.grid_nodes, 0, 200);
  if (o.eval_samples >= 0) b.eval_samples = o.eval_samples;
  if (o.eval_steps >= 0) b.eval_steps = o.eval_steps;
  if (o.grid_nodes >= 0) b.grid_nodes = o.grid_nodes;
}

}  // namespace

std::string eps_sweep_settings_path() {
  return asset_path("bench/eps_sweep.json");
}

EpsSweepSettings eps_sweep_settings(const EpsSweepOverrides& o, const std::string& file,
                                    const std::string& gauss2gauss_file) {
  if (o.eval_samples >= 0 && o.eval_samples < 6)
    throw InputError("--eval-samples: expected an integer >= 6");
  auto doc = read_json_file(file);
  JsonFields root(doc, file);
  EpsSweepSettings s;
  if (!o.eps.empty()) {
    s.eps = o.eps;
  } else {
    const auto& list = root.raw().contains("eps") ? root.raw().at("eps") : nlohmann::json();
    if (!list.is_array() || list.empty()) root.fail("eps", "a non-empty list of numbers > 0");
    for (const auto& v : list) {
      if (!v.is_number() || !(v.get<double>() > 0) || !std::isfinite(v.get<double>())) {
        root.fail("eps", "a non-empty list of numbers > 0");
      }
      s.eps.push_back(v.get<double>());
    }
  }
  const auto [lo_it, hi_it] = std::minmax_element(s.eps.begin(), s.eps.end());
  double lo = *lo_it, hi = *hi_it;
  EpsRange range;
  if (o.range_max > 0) {
    check_eps_range(o.range_min, o.range_max, "--eps-range");
    range.min = o.range_min;
    range.max = o.range_max;
  } else {
    // The file's margin: the range reaches this factor beyond the list at each end, so the
    // list's ends are not the edges of the training distribution.
    const double margin = root.number_or("range_margin", 2.0, 1.0, 1000.0);
    range.min = lo / margin;
    range.max = hi * margin;
  }
  for (double e : s.eps) {
    if (!range.contains(e)) {
      throw InputError("--eps " + number_text(e) + ": outside the eps range " + range.text() +
                       " of the conditioned model (widen --eps-range)");
    }
  }

  const JsonFields eval = root.child_or_empty("eval");
  for (double e : s.eps) {
    // Equal budgets: each single-eps model as the base and per-eps settings give it, not
    // with a cell's own (longer) recipe for a published figure.
    s.single.push_back(bench_settings(2, e, gauss2gauss_file, /*cell_patch=*/false));
    if (o.single_iters >= 0) s.single.back().iters = o.single_iters;
    apply_eval(s.single.back(), eval, o);
  }

  // The conditioned model: gauss2gauss's base scene with the sweep's patch and range.
  auto g2g = read_json_file(gauss2gauss_file);
  JsonFields g2g_root(g2g, gauss2gauss_file);
  nlohmann::json scene = g2g_root.child("scene").raw();
  nlohmann::json bench = g2g_root.child_or_empty("bench").raw();
  const JsonFields cond = root.child_or_empty("conditioned");
  if (cond.has("scene")) scene.merge_patch(cond.child("scene").raw());
  if (cond.has("bench")) bench.merge_patch(cond.child("bench").raw());
  scene["source"] = {{"type", "benchmark-gaussian"}, {"dim", 2}, {"role", "source"}};
  scene["target"] = {{"type", "benchmark-gaussian"}, {"dim", 2}, {"role", "target"}};
  scene["eps_range"] = {range.min, range.max};
  scene["eps"] = s.eps.front();
  scene["name"] = "gauss2gauss-2d-eps-conditioned";
  BenchSettings& c = s.conditioned;
  c.scene = parse_scene(scene, file + " (conditioned)");
  JsonFields b(bench, file, "conditioned.bench");
  c.iters = b.integer_or("iters", c.iters, 0, 10000000);
  c.lr_final = b.number_or("lr_final", c.lr_final, 0, 1);
  c.ema = b.number_or("ema", c.ema, 0, 0.999999);
  if (o.conditioned_iters >= 0) c.iters = o.conditioned_iters;
  apply_eval(c, eval, o);
  return s;
}

EpsSweepResult run_eps_sweep(const EpsSweepSettings& s, torch::Device device,
                             const std::function<void(const std::string&)>& stage,
                             const std::function<void(int64_t, int64_t, double)>& progress) {
  EpsSweepResult out;
  out.rows.resize(s.eps.size());
  for (size_t i = 0; i < s.eps.size(); ++i) {
    if (stage) stage("single-eps model, eps " + number_text(s.eps[i]));
    out.rows[i].eps = s.eps[i];
    out.rows[i].single = run_bench_cell(s.single[i], device, progress);
    out.single_train_seconds += out.rows[i].single.train_seconds;
    out.single_iters_total += s.single[i].iters;
  }
  if (stage)
    stage("eps-conditioned model, eps range " + s.conditioned.scene.potential.eps_range.text());
  EgeotTrainer trainer(bench_scene(s.conditioned), device);
  out.conditioned_train_seconds = train_bench_model(trainer, s.conditioned, progress);
  out.conditioned_iters = s.conditioned.iters;
  for (size_t i = 0; i < s.eps.size(); ++i) {
    trainer.model().set_eps(s.eps[i]);
    auto& r = out.rows[i].conditioned;
    score_bench_model(trainer, s.conditioned, r);
    r.train_seconds = out.conditioned_train_seconds;
  }
  return out;
}

}  // namespace egeot
