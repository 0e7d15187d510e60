#pragma once
// The trainer thread. It owns every torch object (the model, its chains, the views of it);
// the UI talks to it only through commands (applied between training steps, in order) and
// reads the immutable snapshots it publishes every ~30 ms. This header is torch-free, so the
// UI's translation units never compile LibTorch.
//
// Asynchronous mode: trains while playing and spends at most kViewShare of its time on the
// views (heat map, samples, paths), except right after the user changed a query or the
// view, which is served first. Synchronous mode (--sync K): nothing happens until the UI
// calls tick(K): K training steps, every view refreshed, one snapshot; deterministic.
#include "studio/protocol/command.h"
#include "studio/protocol/snapshot.h"
#include "studio/protocol/snapshot_exchange.h"
#include "studio/worker/generator_fit_monitor.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace egeot::studio {

struct WorkerOptions {
  std::string scene = "swissroll";  // preset name or scene file
  double eps = 0;                   // > 0 overrides the scene's
  std::string checkpoint;           // loaded instead of the scene when given
  bool checkpoint_required = false;  // a session: no scene to fall back on (start_failed())
  // A run directory to show read-only as it trains elsewhere (--watch): no training, nothing
  // written into it; eps > 0 is then the dial of an eps-conditioned model.
  std::string watch;
  bool sync = false;
  bool playing = true;
  std::vector<Point2> queries;
  int selected = -1;
  // Called on the trainer thread after each publish (the UI wakes its event loop with it).
  std::function<void()> on_publish;
};

class TrainingWorker {
 public:
  explicit TrainingWorker(const WorkerOptions& options);
  ~TrainingWorker();  // stops and joins the thread
  TrainingWorker(const TrainingWorker&) = delete;
  TrainingWorker& operator=(const TrainingWorker&) = delete;

  void send(Command command) { commands_.push(std::move(command)); }
  std::shared_ptr<const Snapshot> latest() const { return snapshots_.latest(); }
  uint64_t version() const { return snapshots_.version(); }
  // Waits (up to `seconds`) for the first snapshot: the model has been built.
  std::shared_ptr<const Snapshot> wait_first(double seconds) const;
  // --sync: runs one tick and returns its snapshot (nullptr if the worker did not answer).
  std::shared_ptr<const Snapshot> tick(int64_t steps, double timeout_seconds = 120);
  std::vector<Notice> take_notices() { return notices_.drain(); }
  // Stops a generator fit in progress (the scene it was for is not loaded).
  void cancel_fit() { fit_.cancel(); }
  // A required checkpoint could not be loaded: there is no model (the reason is a notice).
  bool start_failed() const { return start_failed_; }
  // CPU seconds the trainer thread has used (for --bench-frames; 0 where unsupported).
  double cpu_seconds() const;
  // Why dir cannot be watched (--watch), in one line naming it; "" when it can.
  static std::string watch_problem(const std::string& dir);

 private:
  void run(WorkerOptions options);
  MessageQueue<Command> commands_;
  MessageQueue<Notice> notices_;
  SnapshotSlot<Snapshot> snapshots_;
  std::atomic<bool> stop_{false}, start_failed_{false};
  GeneratorFitMonitor fit_{stop_, snapshots_};
  uint64_t next_tick_ = 0;
  std::thread thread_;
};

}  // namespace egeot::studio
