#pragma once
// Everything the studio draws of the model, computed on the trainer thread in small pieces
// between training steps: source and target samples, generated samples (the trainer's
// persistent chains), each query's conditional pi_f(.|x) as Langevin samples, animated
// Langevin paths for the selected query, and the landscape on the heat map's grid (f once
// per refresh through core/grid_truth.h, then E_x and the normalised pi_f(.|x) from it).
#include "core/train/egeot_trainer.h"
#include "eval/grid_truth.h"
#include "studio/protocol/snapshot.h"

#include <torch/types.h>

#include <memory>
#include <vector>

namespace egeot::studio {

class ModelViews {
 public:
  // A new problem or a fresh network: resample source and target, restart every chain.
  void reset(EgeotTrainer& trainer);
  void set_queries(const std::vector<Point2>& points, int selected);
  void set_region(const cmd::SetRegion& region);
  // Grid resolution from the measured cost (interactive) or fixed (--sync: deterministic).
  void set_adaptive_resolution(bool adaptive) { adaptive_ = adaptive; }
  // The kernel the conditional samples and paths run (ula, mala, hmc; step 0: the scene's
  // sigma); their chains restart with it.
  void set_kernel(const std::string& kind, double step, int64_t leapfrog);
  // Same problem, changed model (a warm start): the landscape and conditionals go stale.
  void model_changed() { landscape_urgent_ = conditionals_urgent_ = true; }

  // f on the grid, and E_x and pi_f(.|x) for the selected query.
  void refresh_landscape(EgeotTrainer& trainer);
  void refresh_generated(EgeotTrainer& trainer);
  // Runs the scene's Langevin steps on every query's persistent chains.
  void advance_conditionals(EgeotTrainer& trainer);
  // A few more steps of the selected query's path chains (restarted when a run is done).
  void advance_paths(EgeotTrainer& trainer);

  // What changed since the views were computed: the UI waits on these, so they jump the
  // queue of periodic refreshes.
  bool landscape_urgent() const { return landscape_urgent_; }
  bool conditionals_urgent() const { return conditionals_urgent_; }
  int64_t landscape_iteration() const { return landscape_ ? landscape_->iteration : -1; }
  int64_t generated_iteration() const { return generated_iteration_; }
  bool has_queries() const { return !queries_.empty(); }
  bool has_selected() const { return selected_ >= 0 && selected_ < int(queries_.size()); }

  void fill(Snapshot& snapshot) const;
  // The Langevin samples of query q's conditional ([kChainsPerQuery, D] on the trainer's
  // device), undefined if its chains were not run at the query's current position.
  torch::Tensor conditional_samples(int q) const;

 private:
  LangevinSampler kernel_sampler(EgeotTrainer& trainer) const;
  std::vector<Point2> queries_;
  int selected_ = -1;
  std::string kind_ = "ula";
  double step_ = 0;
  int64_t leapfrog_ = 10;
  Grid2D grid_;
  double seconds_per_point_ = 0;  // measured landscape cost, sets the grid resolution
  bool adaptive_ = true;

  std::shared_ptr<const viz::ColoredPoints> source_, target_, generated_, conditional_;
  std::shared_ptr<const viz::Polylines> lines_, paths_;
  std::shared_ptr<const LandscapeGrids> landscape_;
  viz::Rect bounds_;
  int64_t generated_iteration_ = -1;
  bool landscape_urgent_ = true, conditionals_urgent_ = true;

  torch::Tensor chains_y_, chains_x_;  // [queries * kChainsPerQuery, D] each
  std::vector<Point2> chains_for_;     // the queries chains_x_ was built for

  torch::Tensor path_y_, path_x_;            // [kPathChains, D]
  std::vector<std::vector<float>> path_xy_;  // per chain: x, y per recorded step
  int path_step_ = 0, path_hold_ = 0, path_length_ = 0;
  Point2 path_for_{0, 0};
  bool path_restart_ = true;
};

}  // namespace egeot::studio
