#pragma once
// Watch mode's trainer-thread half: polls a run directory (run_watcher.h) about once a
// second, loads each new checkpoint into the session once it reads whole and is a result
// (a diverged one is named and never shown), and feeds metrics.csv's rows to the training
// curves. It never trains and never writes to the directory; covers() is what the worker's
// save commands check so that nothing else does either.
#include "core/train/egeot_trainer.h"
#include "studio/protocol/curve_recorder.h"
#include "studio/protocol/watch_view.h"
#include "studio/worker/model_session.h"
#include "studio/worker/run_watcher.h"

#include <chrono>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace egeot::studio {

class WatchedRun {
 public:
  bool active() const { return watcher_ != nullptr; }
  void begin(const std::string& dir);
  void end();  // the model shown stays; covers() still guards every directory watched
  // A poll is due (about once a second).
  bool due() const;

  struct Outcome {
    bool changed = false;      // curves or the view of the run changed
    bool reloaded = false;     // a newer checkpoint is now the session's model
    bool new_problem = false;  // ... of another scene (the views start afresh)
    std::string error;         // a checkpoint that is not shown and why (notified once)
  };
  Outcome poll(ModelSession& session, CurveRecorder& curves);
  // After the curves were cleared (a new problem): every row read so far, again.
  void refill(CurveRecorder& curves);
  // The eps dial of an eps-conditioned model, kept across reloads (0: the checkpoint's).
  void set_dial(double eps) { dial_eps_ = eps; }
  std::shared_ptr<const WatchView> view() const { return view_; }
  // Whether writing to path would write into a directory this session watched.
  bool covers(const std::string& path) const;

 private:
  std::unique_ptr<RunWatcher> watcher_;
  std::vector<std::string> watched_;  // canonical paths, for covers()
  std::shared_ptr<const WatchView> view_;
  std::chrono::steady_clock::time_point last_poll_{};
  double dial_eps_ = 0;
  // |f| beyond which a metrics row is a divergence (the guard's bound over the cost's scale,
  // known once a checkpoint was opened); non-finite rows are left out before that too.
  double row_bound_ = std::numeric_limits<double>::infinity();
  int64_t rows_not_plotted_ = 0, first_not_plotted_ = -1;
  void add_row(CurveRecorder& curves, const CurveRow& row);
  void add_all_rows(CurveRecorder& curves);
  std::shared_ptr<const WatchView> current_view() const;
};

// Why a loaded checkpoint is not a result ("" when it is): its metrics row at or before its
// iteration (when given) or f on samples of the target is non-finite, or |f| (or the row's
// loss, a difference of two means of f) is beyond the divergence guard's bound over the cost's
// scale.
std::string divergence_sign(EgeotTrainer& trainer, const CurveRow* row);

// The bound on |f| above which the divergence guard stops a run: its growth factor times the
// cost's scale on the trainer's samples.
double divergence_bound(EgeotTrainer& trainer);

}  // namespace egeot::studio
