#pragma once
// The ground truths the studio overlays on a 2D scene, computed on the trainer thread:
// - Sinkhorn (any scene): discrete entropic OT between N samples of P and Q at the scene's
//   eps (core/sinkhorn.h). The solve runs on its own low-priority thread, which owns its
//   tensors; plans are cached per (source, target, cost, eps), so returning to an eps is
//   instant. --sync solves in place, so a tick's picture is deterministic. Each query's
//   conditional is shown as the target atoms carrying its weight (the entropic extension).
// - the closed form (Gaussian scenes, core/scene_truth.h): N(mean(x), cov) per query.
// - the distance to the truth over time: energy distance between the Langevin samples of
//   the selected query's conditional and Sinkhorn's, every few seconds of training.
// None of this draws from torch's global generator, so training is unchanged by it.
#include "core/ot/sinkhorn.h"
#include "core/train/egeot_trainer.h"
#include "studio/protocol/snapshot.h"
#include "studio/worker/model_views.h"

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace egeot::studio {

class TruthViews {
 public:
  explicit TruthViews(bool sync) : sync_(sync) {}
  ~TruthViews();  // waits for a solve in flight (bounded by its iteration cap)
  TruthViews(const TruthViews&) = delete;
  TruthViews& operator=(const TruthViews&) = delete;

  void set_queries(const std::vector<Point2>& points, int selected);
  // A new model (scene, reset, checkpoint): the distance curve restarts.
  void reset();
  // Cheap bookkeeping between training steps: starts or collects a solve when the scene or
  // eps changed, recomputes what the queries show, and records the distance when due.
  // Returns whether anything changed. In --sync mode a needed solve happens here.
  bool update(EgeotTrainer& trainer, const ModelViews& views, bool training);
  void fill(Snapshot& snapshot) const;

 private:
  using Clock = std::chrono::steady_clock;
  struct Solve {
    std::string key;
    double eps = 0;
    Clock::time_point started;
    std::future<std::shared_ptr<const SinkhornPlan>> result;
  };
  std::shared_ptr<const SinkhornPlan> cached(const std::string& key) const;
  void start_solve(EgeotTrainer& trainer, const std::string& key);
  bool collect_solve();
  void refresh_atoms();
  void refresh_closed_form(EgeotTrainer& trainer);
  void record_distance(EgeotTrainer& trainer, const ModelViews& views);

  bool sync_;
  std::vector<Point2> queries_;
  int selected_ = -1;
  bool queries_changed_ = true;

  std::string key_;  // scene source/target/cost and eps the views show
  std::vector<std::pair<std::string, std::shared_ptr<const SinkhornPlan>>> plans_;  // LRU
  std::shared_ptr<const SinkhornPlan> plan_;  // for key_, once solved
  std::unique_ptr<Solve> solve_;
  SinkhornInfo info_;

  std::shared_ptr<const viz::ColoredPoints> atoms_;
  std::vector<GaussianConditional> closed_form_;
  std::string closed_form_key_;

  std::shared_ptr<const TruthCurve> curve_;
  torch::Tensor reference_;  // Sinkhorn samples for the curve's query
  float baseline_ = 0;
  Clock::time_point last_distance_{};
  int64_t last_distance_iteration_ = -1;
};

}  // namespace egeot::studio
