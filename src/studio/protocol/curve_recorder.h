#pragma once
// Training curves for the plots: one row per step, thinned by half whenever the capacity
// is reached (then every second step is kept, and so on), so a long run keeps its whole
// history at bounded cost. Publishes an immutable copy only when rows were added.
#include "studio/protocol/snapshot.h"

#include <memory>

namespace egeot::studio {

struct CurveRow {
  float iteration = 0, loss = 0, f_pos = 0, f_neg = 0, score_drift = 0, cost_drift = 0, noise = 0;
};

class CurveRecorder {
 public:
  explicit CurveRecorder(size_t capacity = 2048) : capacity_(capacity) {}
  void add(const CurveRow& row);
  void clear();
  // Forgets rows after `iteration` (a run rolled back to it).
  void drop_after(float iteration);
  std::shared_ptr<const CurveHistory> snapshot();
  size_t stride() const { return stride_; }

 private:
  size_t capacity_;
  size_t stride_ = 1;  // keep one row in `stride_`
  size_t seen_ = 0;    // rows offered since the last clear
  CurveHistory rows_;
  std::shared_ptr<const CurveHistory> published_;
};

}  // namespace egeot::studio
