#pragma once
// While the trainer thread fits an image scene's generator (minutes, on first use), it is
// inside one long call and serves no commands. The monitor is what it does between the fit's
// iterations: publishes the fit's progress as a snapshot for the canvas, and says whether to
// stop, because the studio is closing (stop) or the user pressed Cancel (cancel(), from the
// UI thread). Torch-free, so the UI can hold the worker that owns one.
#include "studio/protocol/snapshot.h"
#include "studio/protocol/snapshot_exchange.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace egeot::studio {

class GeneratorFitMonitor {
 public:
  GeneratorFitMonitor(const std::atomic<bool>& stop, SnapshotSlot<Snapshot>& slot)
      : stop_(stop), slot_(slot) {}

  void set_on_publish(std::function<void()> f) { on_publish_ = std::move(f); }
  // UI thread: stop the fit in progress at its next iteration.
  void cancel() { cancel_ = true; }

  // Trainer thread. Before an operation that may fit a generator: says what is fitted and
  // clears an earlier Cancel.
  void begin(std::string what);
  // After each fit iteration: publishes progress (the first, then every ~50 ms, and the
  // last) and returns false when the fit should stop.
  bool step(int64_t iteration, int64_t total, double recon, double mmd);
  bool stopping() const { return stop_; }

 private:
  using Clock = std::chrono::steady_clock;
  void publish(const GeneratorFitView& view);
  const std::atomic<bool>& stop_;
  SnapshotSlot<Snapshot>& slot_;
  std::function<void()> on_publish_;
  std::atomic<bool> cancel_{false};
  std::string what_;
  Clock::time_point started_{}, first_step_{}, last_publish_{};
};

}  // namespace egeot::studio
