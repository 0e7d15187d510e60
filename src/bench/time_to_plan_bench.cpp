#include "bench/time_to_plan_bench.h"

#include "base/error.h"
#include "core/scenes/scene_cost.h"
#include "core/train/divergence_guard.h"
#include "core/train/egeot_trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace egeot {
namespace {

using Clock = std::chrono::steady_clock;

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Evaluation seeds torch itself; the training run must continue as if it had not run.
class RngState {
 public:
  RngState() : gen_(at::detail::getDefaultCPUGenerator()), state_(gen_.get_state()) {}
  ~RngState() { gen_.set_state(state_); }

 private:
  at::Generator gen_;
  at::Tensor state_;
};

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

TimeToPlanResult run_time_to_plan(const Scene& base, torch::Device device,
                                  const TimeToPlanOptions& o,
                                  const std::function<void(const std::string&)>& progress) {
  check(base, o);
  TimeToPlanResult r;
  r.scene = base.name;
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
        RngState kept;
        EvalOptions eval = o.eval;
        eval.seed = seed;
        const auto report = evaluate(trainer.model(), eval);
        p.distance = report.conditional_distance;
        p.floor = report.conditional_floor;
        p.eval_seconds = report.seconds;
      }
      run.points.push_back(p);
      if (progress) {
        char line[160];
        std::snprintf(line, sizeof line,
                      "seed %lld, %g s: iteration %lld, distance %.4f (floor %.4f), eval %.1f s",
                      static_cast<long long>(seed), budget, static_cast<long long>(p.iteration),
                      p.distance, p.floor, p.eval_seconds);
        progress(line);
      }
    }
    r.runs.push_back(run);
  }
  for (size_t b = 0; b < o.budgets.size(); ++b) {
    std::vector<double> d, f, it;
    for (const auto& run : r.runs) {
      d.push_back(run.points[b].distance);
      f.push_back(run.points[b].floor);
      it.push_back(static_cast<double>(run.points[b].iteration));
    }
    r.median_distance.push_back(median_of(d));
    r.median_floor.push_back(median_of(f));
    r.median_iteration.push_back(median_of(it));
  }
  return r;
}

}  // namespace egeot
