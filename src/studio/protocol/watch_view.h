#pragma once
// Watch mode (egeot-studio --watch RUN_DIR): the studio shows the newest checkpoint of a run
// that trains elsewhere (egeot train --out, a cluster's rank 0) and never writes into it. What
// the canvas's read-only line and --dump-state say about it.
#include <cstdint>
#include <string>

namespace egeot::studio {

struct WatchView {
  enum class State {
    kWaiting,  // no checkpoint has been shown yet (the run just started)
    kLive,     // showing the newest checkpoint
    kStalled,  // no new checkpoint for much longer than the run's checkpoint interval
  } state = State::kWaiting;
  std::string dir;
  int64_t checkpoint_iteration = -1;  // of the model shown; -1: none yet
  // Wall-clock times (seconds since the Unix epoch), so the UI can say "Ts ago" between
  // snapshots: when the shown checkpoint was written (its config.json) and loaded here, and
  // when the newest one in the directory was written (0: none).
  double written_at = 0, loaded_at = 0, newest_written_at = 0;
  int64_t metrics_rows = 0;        // rows of metrics.csv read so far
  int64_t metrics_iteration = -1;  // the last row's iteration
  // Rows whose loss or f is not finite or beyond the divergence guard's bound: an error state,
  // not a result, so the curves leave them out (and say so) rather than scale to them.
  int64_t rows_not_plotted = 0;
  int64_t first_not_plotted = -1;  // the first such row's iteration
  // A checkpoint that is not shown (diverged, or unreadable after retries) and why; empty
  // when the newest checkpoint is the one shown.
  std::string problem;
};

inline const char* watch_state_name(WatchView::State s) {
  return s == WatchView::State::kWaiting ? "waiting"
         : s == WatchView::State::kLive  ? "live"
                                         : "stalled";
}

}  // namespace egeot::studio
