#include "bench/time_to_plan_bench.h"

#include "base/error.h"
#include "base/median.h"
#include "core/model/kernel_swap.h"
#include "core/nets/rng_kept.h"
#include "core/scenes/scene_cost.h"
#include "core/train/divergence_guard.h"
#include "core/train/egeot_trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

namespace egeot {
namespace {

using Clock = std::chrono::steady_clock;

void check(const Scene& scene, const TimeToPlanOptions& o) {
  if (scene.image_scene())
    throw InputError("bench time-to-plan: --scene " + scene.name + ": expected a point scene");
  if (o.seeds.empty()) throw InputError("bench time-to-plan: --seeds: expected at least one seed");
  if (o.budgets.empty())
    throw InputError("bench time-to-plan: --budgets: expected at least one budget");
  for (size_t i = 0; i < o.budgets.size(); ++i) {
    if (!(o.budgets[i] > 0) || (i > 0 && !(o.budgets[i] > o.budgets[i - 1]))) {
      throw InputError("bench time-to-plan: --budgets: expected increasing seconds > 0");
    }
  }
}

}  // namespace

void summarise_time_to_plan(TimeToPlanResult& r) {
  r.median_distance.clear();
  r.median_floor.clear();
  r.median_iteration.clear();
  r.median_ratio.clear();
  r.median_query_ratio.clear();
  r.median_query_distance.clear();
  r.median_query_floor.clear();
  const size_t budgets = r.runs.empty() ? 0 : r.runs.front().points.size();
  for (size_t b = 0; b < budgets; ++b) {
    std::vector<double> d, f, it, ratio, query_ratio, query_d, query_f;
    for (const auto& run : r.runs) {
      d.push_back(run.points[b].distance);
      f.push_back(run.points[b].floor);
      it.push_back(static_cast<double>(run.points[b].iteration));
      ratio.push_back(run.points[b].distance / run.points[b].floor);
      query_ratio.push_back(run.points[b].distance_median / run.points[b].floor_median);
      query_d.push_back(run.points[b].distance_median);
      query_f.push_back(run.points[b].floor_median);
    }
    r.median_query_distance.push_back(median(query_d));
    r.median_query_floor.push_back(median(query_f));
    r.median_ratio.push_back(median(ratio));
    r.median_query_ratio.push_back(median(query_ratio));
    r.median_distance.push_back(median(d));
    r.median_floor.push_back(median(f));
    r.median_iteration.push_back(median(it));
  }
}

std::string kernel_text(const LangevinSettings& k, int64_t steps) {
  char text[200];
  if (k.kind == "ula") {
    std::snprintf(text, sizeof text, "ula, %lld steps of sigma^2 = %g (the scene's)",
                  static_cast<long long>(steps), k.noise * k.noise);
    return text;
  }
  std::string kind = k.kind;
  if (k.kind == "hmc") kind += " (" + std::to_string(k.leapfrog) + " leapfrog steps)";
  const double step = k.step > 0 ? k.step : k.noise;
  if (k.target_accept > 0) {
    const int64_t warm = k.adapt_steps > 0 ? std::min(k.adapt_steps, steps) : steps / 2;
    std::snprintf(text, sizeof text,
                  "%s, %lld steps, step from %g adapted towards acceptance %g over the first %lld",
                  kind.c_str(), static_cast<long long>(steps), step, k.target_accept,
                  static_cast<long long>(warm));
  } else {
    std::snprintf(text, sizeof text, "%s, %lld steps, fixed step %g", kind.c_str(),
                  static_cast<long long>(steps), step);
  }
  return text;
}

TimeToPlanResult run_time_to_plan(const Scene& base, torch::Device device,
                                  const TimeToPlanOptions& o,
                                  const std::function<void(const std::string&)>& progress) {
  check(base, o);
  TimeToPlanResult r;
  r.scene = base.name;
  r.kernel = kernel_text(o.kernel.value_or(base.sampler),
                         o.eval.steps > 0 ? o.eval.steps : 10 * base.sampler.steps);
  r.shared_queries = o.eval_seed.has_value();
  std::map<int64_t, EvalReference> references;  // by eval seed; none depends on the weights
  for (auto seed : o.seeds) {
    Scene scene = base;
    scene.seed = seed;
    EgeotTrainer trainer(scene, device, make_scene_cost(scene, device));
    DivergenceGuard guard(trainer);
    TimeToPlanRun run;
    run.seed = seed;
    double trained = 0;  // seconds spent in training steps only
    for (double budget : o.budgets) {
      while (trained < budget) {
        const auto t0 = Clock::now();
        StepStats stats;
        auto diverged = guard.step(stats);
        trained += std::chrono::duration<double>(Clock::now() - t0).count();
        if (diverged) {
          throw InputError("bench time-to-plan: " + scene.name + ", seed " + std::to_string(seed) +
                           ": " + diverged->message());
        }
      }
      TimeToPlanPoint p;
      p.budget = budget;
      p.trained = trained;
      p.iteration = trainer.iteration();
      {
        RngKept kept;  // evaluation seeds torch; training continues as if it had not run
        KernelSwap swap(trainer.model(), o.kernel);
        EvalOptions eval = o.eval;
        eval.seed = o.eval_seed.value_or(seed);
        auto found = references.find(eval.seed);
        if (found == references.end()) {
          found = references.emplace(eval.seed, make_eval_reference(trainer.model(), eval)).first;
          r.reference_seconds += found->second.seconds;
        }
        trainer.model().take_kernel_report();  // training's runs are not eval's
        const auto report = evaluate(trainer.model(), found->second);
        p.distance = report.conditional_distance;
        p.floor = report.conditional_floor;
        p.distance_median = report.conditional_distance_median;
        p.floor_median = report.conditional_floor_median;
        p.eval_seconds = report.seconds;
        const auto k = trainer.model().take_kernel_report();
        if (k.runs > 0) p.acceptance = k.acceptance;
        p.collapsed_runs = k.collapsed_runs;
      }
      run.points.push_back(p);
      if (progress) {
        char line[200];
        std::snprintf(line, sizeof line,
                      "seed %lld, %g s: iteration %lld, distance %.4f (floor %.4f), eval %.1f s",
                      static_cast<long long>(seed), budget, static_cast<long long>(p.iteration),
                      p.distance, p.floor, p.eval_seconds);
        std::string text = line;
        if (p.acceptance >= 0) {
          std::snprintf(line, sizeof line, ", acceptance %.2f", p.acceptance);
          text += line;
        }
        if (p.collapsed_runs > 0) {
          text += ", WARNING: " + std::to_string(p.collapsed_runs) +
                  " sampling runs collapsed (their chains are no samples of pi)";
        }
        progress(text);
      }
    }
    r.runs.push_back(run);
  }
  summarise_time_to_plan(r);
  return r;
}

}  // namespace egeot
