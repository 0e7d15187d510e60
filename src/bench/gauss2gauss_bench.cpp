#include "bench/gauss2gauss_bench.h"

#include "base/assets.h"
#include "base/error.h"
#include "base/json_fields.h"
#include "core/model/kernel_swap.h"
#include "core/ot/bw_uvp.h"
#include "core/train/divergence_guard.h"
#include "eval/evaluation.h"
#include "eval/gaussian_grid_plan.h"
#include "eval/scene_truth.h"

#include <torch/torch.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>

namespace egeot {
namespace {

// Keys like "0.1", "1", "10" name eps values; match them numerically.
const nlohmann::json* find_eps(const nlohmann::json& table, double eps) {
  if (!table.is_object()) return nullptr;
  for (const auto& item : table.items()) {
    try {
      if (std::abs(std::stod(item.key()) - eps) <= 1e-9 * std::max(1.0, eps)) return &item.value();
    } catch (const std::exception&) {
    }
  }
  return nullptr;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

std::string bench_settings_path() { return asset_path("bench/gauss2gauss.json"); }

std::optional<double> published_bw_uvp(int64_t dim, double eps) {
  // EgEOT's row of Table 1 (Mokrov et al., ICLR 2024), eps = 0.1, 1, 10.
  static const std::map<int64_t, std::array<double, 3>> table = {
      {2, {0.01, 0.03, 0.11}}, {16, {0.2, 0.1, 0.09}}, {64, {0.56, 0.26, 0.18}}, {128, {0.97, 0.31, 0.29}}};
  const double eps_values[3] = {0.1, 1.0, 10.0};
  auto row = table.find(dim);
  if (row == table.end()) return std::nullopt;
  for (int k = 0; k < 3; ++k) {
    if (std::abs(eps - eps_values[k]) < 1e-9 * eps_values[k]) return row->second[k];
  }
  return std::nullopt;
}

BenchSettings bench_settings(int64_t dim, double eps, const std::string& file, bool cell_patch) {
  if (!(std::isfinite(eps) && eps > 0)) throw InputError("eps: expected a finite number > 0");
  auto doc = read_json_file(file);
  JsonFields root(doc, file);
  nlohmann::json scene = root.child("scene").raw();
  scene["source"] = {{"type", "benchmark-gaussian"}, {"dim", dim}, {"role", "source"}};
  scene["target"] = {{"type", "benchmark-gaussian"}, {"dim", dim}, {"role", "target"}};
  scene["eps"] = eps;
  nlohmann::json bench = root.child_or_empty("bench").raw();
  // Patches: per eps, then per dimension, then per eps within that dimension's patch (one
  // cell's own settings), RFC 7386 merges; each may hold "scene" and "bench".
  auto apply = [&](const nlohmann::json* patch) {
    if (!patch) return;
    if (!patch->is_object()) throw InputError(file + ": expected objects as eps/dim patches");
    if (patch->contains("scene")) scene.merge_patch(patch->at("scene"));
    if (patch->contains("bench")) bench.merge_patch(patch->at("bench"));
  };
  const JsonFields by_eps = root.child_or_empty("by_eps");
  apply(find_eps(by_eps.raw(), eps));
  const JsonFields by_dim = root.child_or_empty("by_dim");
  if (by_dim.has(std::to_string(dim))) {
    const nlohmann::json& dim_patch = by_dim.raw().at(std::to_string(dim));
    apply(&dim_patch);
    if (cell_patch && dim_patch.contains("by_eps")) {
      if (!dim_patch.at("by_eps").is_object()) {
        throw InputError(file + ": field 'by_dim." + std::to_string(dim) + ".by_eps': expected an object");
      }
      apply(find_eps(dim_patch.at("by_eps"), eps));
    }
  }

  std::ostringstream name;
  name << "gauss2gauss-" << dim << "d-eps" << eps;
  scene["name"] = name.str();
  BenchSettings s;
  s.scene = parse_scene(scene, file + " (D = " + std::to_string(dim) + ", eps " + std::to_string(eps) + ")");
  JsonFields b(bench, file, "bench");
  s.iters = b.integer_or("iters", s.iters, 0, 10000000);
  s.lr_final = b.number_or("lr_final", s.lr_final, 0, 1);
  s.ema = b.number_or("ema", s.ema, 0, 0.999999);
  s.ema_start = b.integer_or("ema_start", s.ema_start, 0, 10000000);
  s.uniform_tail = b.number_or("uniform_tail", s.uniform_tail, 0, 1);
  if (s.uniform_tail > 0 && s.ema > 0) b.fail("uniform_tail", "0 when 'ema' is set (one weight average at a time)");
  s.eval_samples = b.integer_or("eval_samples", s.eval_samples, 2 * dim + 2, 100000000);
  s.eval_steps = b.integer_or("eval_steps", s.eval_steps, 0, 1000000);
  s.eval_sampler = b.string_or("eval_sampler", s.eval_sampler);
  if (s.eval_sampler != "ula" && s.eval_sampler != "mala") b.fail("eval_sampler", "\"ula\" or \"mala\"");
  if (bench.contains("grid_samples")) {
    b.fail("grid_samples", "'grid_nodes' instead (Gauss-Hermite nodes per coordinate of x)");
  }
  s.grid_nodes = b.integer_or("grid_nodes", s.grid_nodes, 0, 200);
  s.score_every = b.integer_or("score_every", s.score_every, 0, 10000000);
  return s;
}

Scene bench_scene(const BenchSettings& s) {
  Scene scene = s.scene;
  if (s.lr_final > 0) {
    scene.optimizer.lr_final = s.lr_final;
    scene.optimizer.lr_decay_iters = s.iters;
    scene.optimizer.lr_decay_start = 0;
  }
  return scene;
}

BenchResult run_bench_cell(const BenchSettings& s, torch::Device device,
                           const std::function<void(int64_t, int64_t, double)>& progress) {
  BenchResult r;
  EgeotTrainer trainer(bench_scene(s), device);
  if (!scene_gaussian_truth(trainer.model(), s.scene.eps)) throw InputError("bench: the scene has no closed-form truth");
  r.train_seconds = train_bench_model(trainer, s, progress, &r.along);
  score_bench_model(trainer, s, r);
  return r;
}

double train_bench_model(EgeotTrainer& trainer, const BenchSettings& s,
                         const std::function<void(int64_t, int64_t, double)>& progress,
                         std::vector<BenchResult::Along>* along) {
  // Training (the trainer follows bench_scene's learning-rate decay), with (optionally) a
  // Polyak average of the weights: the last iterates of Adam scatter around the optimum,
  // and their average sits closer to it than any one of them.
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<torch::Tensor> average;
  for (const auto& p : trainer.potential()->parameters()) average.push_back(p.detach().clone());
  // Along training (D = 2): the grid plan of the average and of the raw iterate. Scoring
  // time is not training time.
  std::optional<GaussianEot> truth;
  if (along && s.score_every > 0 && s.grid_nodes > 0 && s.scene.potential.dim == 2) {
    truth = scene_gaussian_truth(trainer.model(), s.scene.eps);
  }
  const int64_t tail = s.uniform_tail > 0 && s.iters > 0
                           ? std::max<int64_t>(1, std::llround(s.uniform_tail * static_cast<double>(s.iters)))
                           : 0;
  int64_t averaged = 0;  // iterates in the uniform average so far
  // Whether the weights to evaluate are an average (and not yet the raw iterate).
  auto has_average = [&] { return s.ema > 0 || averaged > 0; };
  double scoring_seconds = 0;
  auto score_along = [&](int64_t k) {
    const auto t = std::chrono::steady_clock::now();
    torch::NoGradGuard no_grad;
    BenchResult::Along point;
    point.iter = k;
    point.raw = grid_plan_bw_uvp(trainer.model(), *truth, s.grid_nodes);
    point.bw_uvp_plan_grid = point.raw;
    if (has_average()) {
      auto params = trainer.potential()->parameters();
      std::vector<torch::Tensor> raw;
      for (size_t i = 0; i < params.size(); ++i) {
        raw.push_back(params[i].detach().clone());
        params[i].copy_(average[i]);
      }
      point.bw_uvp_plan_grid = grid_plan_bw_uvp(trainer.model(), *truth, s.grid_nodes);
      for (size_t i = 0; i < params.size(); ++i) params[i].copy_(raw[i]);
    }
    along->push_back(point);
    scoring_seconds += seconds_since(t);
  };
  DivergenceGuard guard(trainer);
  for (int64_t k = 0; k < s.iters; ++k) {
    StepStats stats;
    if (auto diverged = guard.step(stats)) {
      throw InputError("bench D = " + std::to_string(s.scene.potential.dim) + ", eps " +
                       std::to_string(s.scene.eps) + ": " + diverged->message() + " (in the bench settings)");
    }
    // Both averages are average <- keep * average + (1 - keep) * iterate. A long EMA from the
    // first iteration keeps the untrained weights' share (ema^iters), so ema_start restarts it
    // (keep 0); the tail's plain mean keeps 1 - 1/n, n its iterates so far (the first: keep 0).
    std::optional<double> keep;
    if (s.ema > 0) keep = k + 1 <= s.ema_start ? 0.0 : s.ema;
    if (tail > 0 && k + 1 > s.iters - tail) keep = 1.0 - 1.0 / static_cast<double>(++averaged);
    if (keep) {
      torch::NoGradGuard no_grad;
      auto params = trainer.potential()->parameters();
      for (size_t i = 0; i < params.size(); ++i) average[i].mul_(*keep).add_(params[i].detach(), 1 - *keep);
    }
    if (truth && ((k + 1) % s.score_every == 0 || k + 1 == s.iters)) score_along(k + 1);
    if (progress) progress(k + 1, s.iters, stats.loss);
  }
  if (has_average()) {
    torch::NoGradGuard no_grad;
    auto params = trainer.potential()->parameters();
    for (size_t i = 0; i < params.size(); ++i) params[i].copy_(average[i]);
  }
  return seconds_since(t0) - scoring_seconds;
}

void score_bench_model(EgeotTrainer& trainer, const BenchSettings& s, BenchResult& r) {
  r.dim = trainer.scene().potential.dim;
  r.eps = trainer.scene().eps;
  r.iters = s.iters;
  auto truth = scene_gaussian_truth(trainer.model(), r.eps);
  if (!truth) throw InputError("bench: the scene has no closed-form truth");
  // Evaluation: fresh chains for fresh x ~ P, scored against the closed-form joint.
  const auto t1 = std::chrono::steady_clock::now();
  torch::manual_seed(s.scene.seed + 1);
  auto x = trainer.model().source().sample(s.eval_samples);
  // The named kernel at the scene's noise, whatever kernel the scene trained with.
  LangevinSettings kernel = trainer.model().scene().sampler;
  kernel.kind = s.eval_sampler;
  if (kernel.kind == "mala") {
    kernel.step = 0;
    kernel.target_accept = kMalaTargetAccept;
    kernel.adapt_steps = 0;  // the first half of the run
  }
  torch::Tensor y;
  {
    KernelSwap swap(trainer.model(), kernel);
    trainer.model().take_kernel_report();  // what the training chains reported is not ours
    y = sample_plan_batched(trainer.model(), x, s.eval_steps);
    r.eval_sampler = s.eval_sampler;
    if (kernel.kind == "mala") {
      const auto report = trainer.model().take_kernel_report();
      if (report.collapsed_runs > 0) {
        throw InputError("bench D = " + std::to_string(r.dim) + ": the evaluation's MALA chains stopped moving (" +
                         report.reason + "); use eval_sampler \"ula\" or more eval_steps");
      }
      r.eval_acceptance = report.acceptance;
    }
  }
  if (!torch::isfinite(y).all().item<bool>()) {
    throw InputError("bench D = " + std::to_string(r.dim) + ": Langevin samples are not finite; lower sampler.noise");
  }
  r.bw_uvp_plan = bw_uvp_plan(x, y, *truth);
  r.bw_uvp_marginal = bw_uvp_marginal(y, *truth);
  r.floor_plan = bw_uvp_sampling_floor(truth->joint_covariance, s.eval_samples);
  if (r.dim == 2 && s.grid_nodes > 0) r.bw_uvp_plan_grid = grid_plan_bw_uvp(trainer.model(), *truth, s.grid_nodes);
  r.eval_seconds = seconds_since(t1);
}

}  // namespace egeot
