#pragma once
// The sampler diagnostics panel's data, computed on the trainer thread: the chosen kernel run
// from three starts for the selected query (eval/sampler_diagnostics.h), small enough to fit
// the worker's view budget, refreshed when the model, the query or the kernel changed.
#include "core/train/egeot_trainer.h"
#include "studio/protocol/snapshot.h"

#include <memory>
#include <vector>

namespace egeot::studio {

class DiagnosticViews {
 public:
  void reset() {  // a new model: nothing shown is about it
    view_.reset();
    urgent_ = request_.enabled;
  }
  void set_request(const cmd::SetDiagnostics& request);
  void set_queries(const std::vector<Point2>& points, int selected);
  bool enabled() const { return request_.enabled; }
  // Asked for, and the query, kernel or model moved since the last run (urgent: the user
  // changed something and waits for it).
  bool urgent() const { return request_.enabled && urgent_; }
  bool stale(int64_t iteration) const;
  void refresh(EgeotTrainer& trainer);
  void fill(Snapshot& snapshot) const;

 private:
  cmd::SetDiagnostics request_;
  bool has_x_ = false;
  Point2 x_{0, 0};
  bool urgent_ = false;
  std::shared_ptr<const SamplerDiagnosticsView> view_;
};

}  // namespace egeot::studio
