#include "eval/eps_truth_cache.h"

#include "base/error.h"
#include "eval/scene_truth.h"

#include <torch/torch.h>

#include <cmath>

namespace egeot {

SinkhornOptions EpsTruthCache::default_options() {
  SinkhornOptions o;
  o.throw_if_not_converged = false;
  return o;
}

EpsTruthCache::EpsTruthCache(const EgeotModel& model, int64_t n_sinkhorn, int64_t seed,
                             size_t capacity, SinkhornOptions options)
    : model_(model),
      cost_(make_cost(model.scene().cost)),
      capacity_(std::max<size_t>(1, capacity)),
      options_(options) {
  if (n_sinkhorn < 2) throw InputError("truth cache: expected at least 2 Sinkhorn samples");
  torch::manual_seed(seed);
  x_ = model.source().sample(n_sinkhorn).to(torch::kCPU);
  y_ = model.target().sample(n_sinkhorn).to(torch::kCPU);
}

EpsTruthCache::Entry& EpsTruthCache::entry(double eps) {
  if (!(std::isfinite(eps) && eps > 0)) throw InputError("truth eps: expected a finite number > 0");
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->eps == eps) {
      entries_.splice(entries_.begin(), entries_, it);  // now the most recent
      return entries_.front();
    }
  }
  entries_.push_front(Entry{eps, nullptr, nullptr, false});
  if (entries_.size() > capacity_) entries_.pop_back();
  return entries_.front();
}

std::shared_ptr<const GaussianEot> EpsTruthCache::gaussian(double eps) {
  auto& e = entry(eps);
  if (!e.has_gaussian) {
    if (auto truth = scene_gaussian_truth(model_, eps))
      e.gaussian = std::make_shared<const GaussianEot>(*truth);
    e.has_gaussian = true;
    ++computed_;
  }
  return e.gaussian;
}

std::shared_ptr<const SinkhornPlan> EpsTruthCache::sinkhorn(double eps) {
  auto& e = entry(eps);
  if (!e.sinkhorn) {
    auto o = options_;
    o.eps = eps;
    e.sinkhorn = std::make_shared<const SinkhornPlan>(solve_sinkhorn(cost_, x_, y_, o));
    ++computed_;
  }
  return e.sinkhorn;
}

}  // namespace egeot
