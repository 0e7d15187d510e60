#pragma once
// Ground truths that follow the eps dial: the closed-form Gaussian plan (when the
// scene has one) and the Sinkhorn plan between fixed samples of P and Q, each computed for
// an eps on first use and kept for the last few eps values, so that dragging a slider back
// and forth recomputes nothing. The samples are drawn once, so overlays change only
// because eps does. Not thread-safe: owned by the thread that owns the model.
#include "core/model/egeot_model.h"
#include "core/ot/gaussian_eot.h"
#include "core/ot/sinkhorn.h"

#include <list>
#include <memory>

namespace egeot {

class EpsTruthCache {
 public:
  // Draws n_sinkhorn samples of P and of Q from torch's generator seeded with `seed`.
  EpsTruthCache(const EgeotModel& model, int64_t n_sinkhorn = 1000, int64_t seed = 0,
                size_t capacity = 8, SinkhornOptions options = default_options());

  // Any eps > 0 (a truth is not limited to a model's range); throws InputError otherwise.
  // nullptr when the scene has no closed form.
  std::shared_ptr<const GaussianEot> gaussian(double eps);
  std::shared_ptr<const SinkhornPlan> sinkhorn(double eps);

  size_t size() const { return entries_.size(); }
  int64_t computed() const { return computed_; }  // solves so far (cache misses)

  // Overlays should show a plan even when Sinkhorn stops short of tol: its report says so.
  static SinkhornOptions default_options();

 private:
  struct Entry {
    double eps;
    std::shared_ptr<const GaussianEot> gaussian;
    std::shared_ptr<const SinkhornPlan> sinkhorn;
    bool has_gaussian = false;
  };
  Entry& entry(double eps);

  const EgeotModel& model_;
  std::shared_ptr<const Cost> cost_;
  torch::Tensor x_, y_;
  size_t capacity_;
  SinkhornOptions options_;
  std::list<Entry> entries_;  // most recent first
  int64_t computed_ = 0;
};

}  // namespace egeot
