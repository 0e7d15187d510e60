#include "studio/worker/training_worker.h"

#include "base/error.h"
#include "core/nets/device.h"
#include "core/scenes/scene.h"
#include "core/train/divergence_guard.h"
#include "core/train/lr_schedule.h"
#include "studio/protocol/curve_recorder.h"
#include "studio/protocol/rate_meter.h"
#include "studio/worker/image_scene_hint.h"
#include "studio/worker/image_views.h"
#include "studio/worker/model_session.h"
#include "studio/worker/diagnostic_views.h"
#include "studio/worker/model_views.h"
#include "studio/worker/session_writer.h"
#include "studio/worker/truth_views.h"
#include "studio/worker/watched_run.h"
#include "studio/worker/written_scene.h"

#include <torch/torch.h>

#include <pthread.h>
#include <time.h>

#include <chrono>
#include <cmath>
#include <mutex>
#include <sstream>


namespace egeot::studio {
namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

// At most this share of the trainer thread's time goes to the views while training, so the
// studio trains at >= ~85 % of the CLI's rate; urgent view work (a moved query) is exempt.
constexpr double kViewShare = 0.12;
constexpr double kPublishSeconds = 0.030;
// Minimum seconds between periodic refreshes of each view while training.
constexpr double kLandscapePeriod = 0.15, kGeneratedPeriod = 0.3, kConditionalPeriod = 0.06,
                 kPathPeriod = 0.033;
// The sampler diagnostics rerun at most this often while training (each run is tens of ms).
constexpr double kDiagnosticsPeriod = 2.0;
// Image mode: minimum seconds between increments of the translations' chains.
constexpr double kTranslationPeriod = 0.03;

double seconds_since(Clock::time_point t) {
  return Seconds(Clock::now() - t).count();
}

// A scene's load error, with what an image scene is missing and how to get it.
std::string scene_error(const std::exception& e, const std::string& name_or_file) {
  const std::string hint = image_scene_hint(name_or_file);
  return first_line(e) + (hint.empty() ? "" : " (" + hint + ")");
}

// The worker's state and its loop; lives entirely on the trainer thread.
class Loop {
 public:
  Loop(const WorkerOptions& o, MessageQueue<Notice>& notices, SnapshotSlot<Snapshot>& slot,
       GeneratorFitMonitor& fit, std::atomic<bool>& start_failed)
      : options_(o), notices_(notices), slot_(slot), session_(pick_device("auto")), truth_(o.sync),
        fit_(fit), start_failed_(start_failed) {
    playing_ = o.playing;
    session_.set_fit_monitor(&fit_);
    views_.set_adaptive_resolution(!o.sync);
    start();
    views_.set_queries(o.queries, o.selected);
    truth_.set_queries(o.queries, o.selected);
    diagnostics_.set_queries(o.queries, o.selected);
  }

  void handle(Command& command) {
    if (watch_.active() && !allowed_while_watching(command)) {
      notify(Notice::Level::kInfo, "a read-only view of " + watch_.view()->dir +
                                       ": training is off (Stop watching to train)");
      return;
    }
    std::visit([this](auto& c) { on(c); }, command);
  }

  // One pass of the asynchronous loop; returns whether it did anything.
  bool pass() {
    bool busy = false;
    if (watch_.due()) {
      poll_watch();
      dirty_ = true;  // the UI's "written Ts ago" moves on
    }
    if (session_.ready() && (playing_ || pending_steps_ > 0)) {
      const auto t0 = Clock::now();
      train_one();
      credit_ = std::min(credit_ + seconds_since(t0) * kViewShare / (1 - kViewShare), 0.05);
      busy = true;
    }
    if (session_.ready()) {
      const bool training = playing_ || pending_steps_ > 0;
      busy |= view_work(training);
      if (truth_.update(session_.trainer(), views_, training)) dirty_ = true;
    }
    if (dirty_ && seconds_since(last_publish_) >= kPublishSeconds) publish(0);
    return busy;
  }

  // --sync: steps, then every view, then a snapshot for the tick.
  void tick(const cmd::Tick& t) {
    if (watch_.active()) poll_watch();
    if (session_.ready()) {
      for (int64_t i = 0; i < t.steps && playing_; ++i) train_one();
      auto& trainer = session_.trainer();
      if (images_.active()) {  // one increment of the translations per tick
        if (images_.wants_advance(trainer)) images_.advance(trainer);
      } else {
        views_.refresh_landscape(trainer);
        views_.refresh_generated(trainer);
        views_.advance_conditionals(trainer);
        views_.advance_paths(trainer);
        if (diagnostics_.stale(trainer.iteration())) diagnostics_.refresh(trainer);
      }
      truth_.update(trainer, views_, /*training=*/true);
    }
    publish(t.id);
  }

  void publish(uint64_t tick) {
    auto s = std::make_shared<Snapshot>();
    s->sequence = ++sequence_;
    s->tick = tick;
    s->generation = session_.generation();
    s->playing = playing_;
    s->sync = options_.sync;
    s->presets = presets_;
    s->device = device_name_;
    s->curves = curves_.snapshot();
    s->sessions_opened = sessions_opened_;
    s->watch = watch_.view();
    if (session_.ready()) {
      auto& trainer = session_.trainer();
      s->iteration = trainer.iteration();
      s->settings = session_.settings();
      s->lr_now = learning_rate_at(trainer.scene().optimizer, trainer.iteration());
      s->scene_name = session_.scene_name();
      s->scene_description = trainer.scene().description;
      s->iterations_per_second = rate_.rate();
      views_.fill(*s);
      truth_.fill(*s);
      images_.fill(*s);
      diagnostics_.fill(*s);
      s->divergence = divergence_;
    }
    slot_.publish(std::move(s));
    if (options_.on_publish) options_.on_publish();
    last_publish_ = Clock::now();
    dirty_ = false;
  }

 private:
  void notify(Notice::Level level, const std::string& text) { notices_.push({level, text}); }

  void start() {
    presets_ = std::make_shared<std::vector<PresetEntry>>([] {
      std::vector<PresetEntry> out;
      for (const auto& p : list_presets()) out.push_back({p.name, p.description});
      return out;
    }());
    std::ostringstream device;
    device << session_.device();
    device_name_ = device.str();
    if (!options_.watch.empty()) {  // the UI checked it is a run directory
      start_watch(options_.watch);
      if (options_.eps > 0) watch_.set_dial(options_.eps);
      poll_watch();
      return;
    }
    if (!options_.checkpoint.empty()) {
      try {
        session_.load_checkpoint(options_.checkpoint);
        notify(Notice::Level::kInfo, "loaded checkpoint " + options_.checkpoint);
        if (options_.eps > 0) {  // --eps: the dial on a conditioned model, a warm start otherwise
          auto settings = session_.settings();
          settings.eps = options_.eps;
          notify(Notice::Level::kInfo, "--eps: " + session_.apply(settings));
        }
        fresh_model();
        return;
      } catch (const std::exception& e) {
        if (fit_.stopping()) return;  // closing during a generator fit
        if (options_.checkpoint_required) {
          notify(Notice::Level::kError, first_line(e));
          start_failed_ = true;
          return;
        }
        notify(Notice::Level::kError, "--checkpoint: " + first_line(e) + "; starting on scene " +
                                          options_.scene + " instead");
      }
    }
    for (const std::string& scene : {options_.scene, std::string("swissroll")}) {
      if (fit_.stopping()) return;  // closing during a generator fit: no fallback either
      try {
        session_.load_scene(scene, options_.eps);
        fresh_model();
        return;
      } catch (const std::exception& e) {
        notify(Notice::Level::kError,
               "--scene: " + scene_error(e, scene) +
                   (scene != "swissroll" ? "; opening swissroll instead" : ""));
      }
    }
  }

  // Watch mode. Commands that would train or replace the model are refused; the eps dial of
  // an eps-conditioned model takes no training step and stays.
  bool allowed_while_watching(const Command& command) {
    if (auto* playing = std::get_if<cmd::SetPlaying>(&command)) return !playing->playing;
    if (auto* apply = std::get_if<cmd::Apply>(&command)) {
      if (!session_.ready() || !session_.trainer().model().eps_conditioned()) return false;
      TrainingSettings rest = apply->settings;
      rest.eps = session_.settings().eps;
      if (rest != session_.settings()) return false;
      watch_.set_dial(apply->settings.eps);
      return true;
    }
    return !std::holds_alternative<cmd::Step>(command) &&
           !std::holds_alternative<cmd::Reset>(command) &&
           !std::holds_alternative<cmd::LoadScene>(command) &&
           !std::holds_alternative<cmd::LoadCheckpoint>(command) &&
           !std::holds_alternative<cmd::OpenSession>(command) &&
           !std::holds_alternative<cmd::ApplySuggestion>(command);
  }

  void start_watch(const std::string& dir) {
    playing_ = false;
    pending_steps_ = 0;
    guard_.reset();
    divergence_.reset();
    session_.clear();  // nothing is shown until the run's first checkpoint loads
    curves_.clear();
    watch_.begin(dir);
    notify(Notice::Level::kInfo, "watching " + dir + " (read-only)");
  }

  void poll_watch() {
    const auto out = watch_.poll(session_, curves_);
    if (!out.error.empty()) notify(Notice::Level::kError, out.error);
    if (out.reloaded) {
      if (out.new_problem) {
        fresh_model();
        watch_.refill(curves_);
      } else {  // the same run, further on: the views follow, the chains and view stay
        views_.model_changed();
        images_.model_changed();
        conditional_rounds_idle_ = 0;
      }
    }
    if (out.changed) dirty_ = true;
  }

  // Writing into a directory this session watched is refused, whatever asked for it.
  bool refuse_watched(const char* what, const std::string& dir) {
    if (!watch_.covers(dir)) return false;
    notify(Notice::Level::kError, std::string(what) + ": " + dir +
                                      " is a watched run directory; the studio never writes "
                                      "into it (choose another directory)");
    dirty_ = true;
    return true;
  }

  void fresh_model() {
    guard_.reset();
    divergence_.reset();
    views_.reset(session_.trainer());
    diagnostics_.reset();
    try {
      images_.reset(session_.trainer());
    } catch (const std::exception& e) {  // the model trains; there is nothing to show of it
      notify(Notice::Level::kError, "image mode: " + first_line(e));
    }
    truth_.reset();
    curves_.clear();
    dirty_ = true;
  }

  // The guard follows the trainer the session holds; settings or a new model start it afresh.
  DivergenceGuard& guard() {
    if (!guard_ || &guard_->trainer() != &session_.trainer()) {
      guard_ = std::make_unique<DivergenceGuard>(session_.trainer());
    }
    return *guard_;
  }

  void train_one() {
    StepStats stats;
    if (auto diverged = guard().step(stats)) {
      on_divergence(*diverged);
      return;
    }
    rate_.tick();
    if (pending_steps_ > 0 && --pending_steps_ == 0) playing_ = false;
    double score = 0, cost = 0, noise = 0;
    const auto& t = stats.sampler;
    for (size_t k = 0; k < t.noise.size(); ++k) {
      score += t.score_drift[k];
      cost += t.cost_drift[k];
      noise += t.noise[k];
    }
    const double n = std::max<size_t>(1, t.noise.size());
    curves_.add({float(stats.iteration), float(stats.loss), float(stats.f_pos), float(stats.f_neg),
                 float(score / n), float(cost / n), float(noise / n)});
    dirty_ = true;
  }

  // The trainer is back at its last good state: pause, redraw every view from it, say why.
  void on_divergence(const Divergence& d) {
    playing_ = false;
    pending_steps_ = 0;
    auto report = std::make_shared<DivergenceReport>();
    report->iteration = d.iteration;
    report->restored_to = d.restored_to;
    report->sign = d.sign;
    report->cause = d.cause;
    report->message = d.message();
    if (!d.suggestion.field.empty()) {
      report->suggestion = d.suggestion.text();
      report->suggestion_field = d.suggestion.field;
      report->suggestion_value = d.suggestion.to;
    }
    divergence_ = report;
    curves_.drop_after(float(d.restored_to));
    views_.reset(session_.trainer());  // every chain restarts: none may carry the diverged run
    diagnostics_.reset();
    images_.model_changed();
    truth_.reset();
    notify(Notice::Level::kError, d.message());
    dirty_ = true;
  }

  // One piece of view work: urgent first, then periodic refreshes within the time share.
  bool view_work(bool training) {
    if (images_.active()) return image_work(training);
    auto& trainer = session_.trainer();
    const auto t0 = Clock::now();
    bool did = true;
    if (views_.landscape_urgent()) {
      views_.refresh_landscape(trainer);
      last_landscape_ = t0;
    } else if (views_.conditionals_urgent()) {
      views_.advance_conditionals(trainer);
      last_conditionals_ = t0;
    } else if (diagnostics_.urgent()) {
      diagnostics_.refresh(trainer);
      last_diagnostics_ = t0;
    } else if (training && credit_ <= 0) {
      return false;
    } else if (views_.has_selected() && seconds_since(last_paths_) >= kPathPeriod) {
      views_.advance_paths(trainer);
      last_paths_ = t0;
    } else if (diagnostics_.stale(trainer.iteration()) && seconds_since(last_diagnostics_) >= kDiagnosticsPeriod) {
      diagnostics_.refresh(trainer);
      last_diagnostics_ = t0;
    } else if (views_.landscape_iteration() != trainer.iteration() &&
               seconds_since(last_landscape_) >= kLandscapePeriod) {
      views_.refresh_landscape(trainer);
      last_landscape_ = t0;
    } else if (views_.generated_iteration() != trainer.iteration() &&
               seconds_since(last_generated_) >= kGeneratedPeriod) {
      views_.refresh_generated(trainer);
      last_generated_ = t0;
    } else if (views_.has_queries() && seconds_since(last_conditionals_) >= kConditionalPeriod &&
               (training || conditional_rounds_idle_ < kIdleConditionalRounds)) {
      views_.advance_conditionals(trainer);
      last_conditionals_ = t0;
      conditional_rounds_idle_ = training ? 0 : conditional_rounds_idle_ + 1;
    } else {
      did = false;
    }
    if (did) {
      if (training) credit_ = std::max(credit_ - seconds_since(t0), -0.1);
      dirty_ = true;
    }
    return did;
  }

  // Image mode: a restart of the translations (a new source or eps) is served first; further
  // increments share the view time while training and run freely while paused.
  bool image_work(bool training) {
    auto& trainer = session_.trainer();
    if (!images_.urgent()) {
      if (training && credit_ <= 0) return false;
      if (!images_.wants_advance(trainer) || seconds_since(last_translation_) < kTranslationPeriod) {
        return false;
      }
    }
    const auto t0 = Clock::now();
    images_.advance(trainer);
    last_translation_ = t0;
    if (training) credit_ = std::max(credit_ - seconds_since(t0), -0.1);
    dirty_ = true;
    return true;
  }

  // Commands.
  void on(cmd::SetPlaying& c) {
    playing_ = c.playing;
    if (c.playing) divergence_.reset();  // the user chose to train on as it is
    pending_steps_ = 0;
    dirty_ = true;
  }
  void on(cmd::Step& c) {
    playing_ = false;
    pending_steps_ = c.count;
    if (options_.sync && session_.ready()) {  // sync mode: steps happen right away
      for (; pending_steps_ > 0;) train_one();
    }
    dirty_ = true;
  }
  void on(cmd::Reset&) {
    guarded("reset", [&] {
      session_.reset();
      fresh_model();
      notify(Notice::Level::kInfo, "reset: a fresh network for scene " + session_.scene_name());
    });
  }
  void on(cmd::Apply& c) {
    guarded("settings", [&] {
      const uint64_t generation = session_.generation();
      const std::string what = session_.apply(c.settings);
      guard_.reset();  // kept states were trained under the old settings
      divergence_.reset();
      if (session_.generation() != generation) {
        fresh_model();
      } else {
        views_.model_changed();
        images_.model_changed();
      }
      notify(Notice::Level::kInfo, what);
    });
  }
  void on(cmd::LoadScene& c) {
    guarded("scene", [&] {
      try {
        session_.load_scene(c.name_or_file);
      } catch (const std::exception& e) {
        std::string why = scene_error(e, c.name_or_file);
        if (!c.written_dir.empty() && remove_written_scene(c.written_dir)) {
          why += " (" + c.written_dir + " removed)";
        }
        throw InputError(why);
      }
      fresh_model();
      notify(Notice::Level::kInfo, "scene " + session_.scene_name() + " loaded");
    });
  }
  void on(cmd::SaveCheckpoint& c) {
    if (refuse_watched("save", c.dir)) return;
    guarded("save", [&] {
      session_.save_checkpoint(c.dir);
      notify(Notice::Level::kInfo, "checkpoint saved to " + c.dir + " at iteration " +
                                       std::to_string(session_.trainer().iteration()));
    });
  }
  void on(cmd::LoadCheckpoint& c) {
    guarded("load", [&] {
      session_.load_checkpoint(c.dir);
      fresh_model();
      notify(Notice::Level::kInfo, "checkpoint " + c.dir + " loaded (scene " +
                                       session_.scene_name() + ", iteration " +
                                       std::to_string(session_.trainer().iteration()) + ")");
    });
  }
  void on(cmd::SetQueries& c) {
    views_.set_queries(c.points, c.selected);
    diagnostics_.set_queries(c.points, c.selected);
    truth_.set_queries(c.points, c.selected);
    conditional_rounds_idle_ = 0;
    dirty_ = true;
  }
  void on(cmd::SetRegion& c) {
    views_.set_region(c);
    dirty_ = true;
  }
  void on(cmd::Tick& c) { tick(c); }
  void on(cmd::SelectImage& c) {
    images_.select(c.index);
    dirty_ = true;
  }
  void on(cmd::SetImagePage& c) {
    images_.set_page(c.page);
    dirty_ = true;
  }
  void on(cmd::KeepLastGood&) {
    divergence_.reset();
    dirty_ = true;
  }
  void on(cmd::ApplySuggestion&) {
    if (!divergence_ || divergence_->suggestion_field.empty() || !session_.ready()) return;
    auto settings = session_.settings();
    if (divergence_->suggestion_field == "sampler.noise") settings.noise = divergence_->suggestion_value;
    if (divergence_->suggestion_field == "optimizer.lr") settings.lr = divergence_->suggestion_value;
    cmd::Apply apply{settings};
    on(apply);
    if (!divergence_) playing_ = true;  // applied (a refused setting leaves the banner up)
  }

  void on(cmd::SaveSession& c) {
    if (refuse_watched("save session", c.dir)) return;
    guarded("save session", [&] {
      write_session(c.dir, c.session_json, session_.trainer());
      notify(Notice::Level::kInfo, "session saved to " + c.dir + " at iteration " +
                                       std::to_string(session_.trainer().iteration()));
    });
  }
  void on(cmd::SetDiagnostics& c) {
    diagnostics_.set_request(c);
    views_.set_kernel(c.kind, c.step, c.leapfrog);
    dirty_ = true;
  }
  void on(cmd::WatchRun& c) {
    if (!c.dir.empty()) {
      const std::string problem = RunWatcher::check(c.dir);
      if (!problem.empty()) {
        notify(Notice::Level::kError, "watch: " + problem);
      } else {
        start_watch(c.dir);
        poll_watch();
      }
      dirty_ = true;
      return;
    }
    if (!watch_.active()) return;
    const std::string dir = watch_.view()->dir;
    watch_.end();
    if (!session_.ready()) {  // nothing had landed: the scene the studio was started with
      guarded("scene", [&] {
        session_.load_scene(options_.scene);
        fresh_model();
      });
    }
    notify(Notice::Level::kInfo, "stopped watching " + dir +
                                     "; the model shown is yours to "
                                     "explore or train (nothing is saved into " +
                                     dir + ")");
    dirty_ = true;
  }
  void on(cmd::OpenSession& c) {
    guarded("open session", [&] {
      session_.load_checkpoint(c.dir + "/" + kSessionCheckpoint);
      fresh_model();
      playing_ = c.playing;
      pending_steps_ = 0;
      ++sessions_opened_;
      notify(Notice::Level::kInfo, "session " + c.dir + " opened (scene " + session_.scene_name() +
                                       ", iteration " + std::to_string(session_.trainer().iteration()) + ")");
    });
  }

  template <class F>
  void guarded(const char* what, F f) {
    if (!session_.ready() && std::string(what) != "scene" && std::string(what) != "load" &&
        std::string(what) != "open session") {
      notify(Notice::Level::kError, std::string(what) + ": no model is loaded");
      return;
    }
    try {
      f();
    } catch (const std::exception& e) {
      // InputError (a bad file or value) and torch errors alike: the model stays as it was.
      notify(Notice::Level::kError, std::string(what) + ": " + first_line(e));
    }
    dirty_ = true;
  }

  static constexpr int kIdleConditionalRounds = 60;  // keep sampling ~4 s after training stops

  WorkerOptions options_;
  MessageQueue<Notice>& notices_;
  SnapshotSlot<Snapshot>& slot_;
  ModelSession session_;
  std::unique_ptr<DivergenceGuard> guard_;
  std::shared_ptr<const DivergenceReport> divergence_;
  ModelViews views_;
  DiagnosticViews diagnostics_;
  TruthViews truth_;
  ImageViews images_;
  WatchedRun watch_;
  CurveRecorder curves_;
  RateMeter rate_;
  std::shared_ptr<const std::vector<PresetEntry>> presets_;
  std::string device_name_;
  bool playing_ = true, dirty_ = true;
  int64_t pending_steps_ = 0;
  double credit_ = 0;
  int conditional_rounds_idle_ = 0;
  uint64_t sequence_ = 0, sessions_opened_ = 0;
  GeneratorFitMonitor& fit_;
  std::atomic<bool>& start_failed_;
  Clock::time_point last_publish_{}, last_landscape_{}, last_generated_{}, last_conditionals_{},
      last_paths_{}, last_translation_{}, last_diagnostics_{};
};

}  // namespace

TrainingWorker::TrainingWorker(const WorkerOptions& options)
    : thread_([this, options] { run(options); }) {}

TrainingWorker::~TrainingWorker() {
  stop_ = true;
  commands_.close();
  if (thread_.joinable()) thread_.join();
}

std::shared_ptr<const Snapshot> TrainingWorker::wait_first(double seconds) const {
  return snapshots_.wait_for([](const Snapshot&) { return true; }, Seconds(seconds));
}

std::shared_ptr<const Snapshot> TrainingWorker::tick(int64_t steps, double timeout_seconds) {
  const uint64_t id = ++next_tick_;
  send(cmd::Tick{steps, id});
  auto s = snapshots_.wait_for([id](const Snapshot& s) { return s.tick >= id; },
                               Seconds(timeout_seconds));
  return s && s->tick >= id ? s : nullptr;
}

std::string TrainingWorker::watch_problem(const std::string& dir) {
  return RunWatcher::check(dir);
}

double TrainingWorker::cpu_seconds() const {
  clockid_t clock;
  timespec t{};
  if (pthread_getcpuclockid(const_cast<std::thread&>(thread_).native_handle(), &clock) != 0 ||
      clock_gettime(clock, &t) != 0) {
    return 0;
  }
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

void TrainingWorker::run(WorkerOptions options) {
  // Before any torch work on this thread: single-threaded torch over OpenBLAS (core/device.h),
  // and OpenBLAS itself on one thread: the trainer keeps one core and the UI (with a software
  // GL renderer, its rasteriser) the other. Spinning BLAS threads competing with the UI cost
  // far more than they gain at these matrix sizes (measured: 69 it/s on one thread vs 62 on
  // two for the CLI alone).
  static std::once_flag once;  // torch's inter-op pool can be sized once per process
  std::call_once(once, [] {
    try {
      configure_cpu_threads();
    } catch (const std::exception&) {
      at::set_num_threads(1);  // the host process sized the pools already
    }
  });
  set_blas_threads(1);
  fit_.set_on_publish(options.on_publish);
  Loop loop(options, notices_, snapshots_, fit_, start_failed_);
  loop.publish(0);
  while (!stop_) {
    auto commands = commands_.drain();
    for (auto& c : commands) loop.handle(c);
    if (options.sync) {  // snapshots come from ticks only, so each tick's is the latest
      if (commands.empty()) commands_.wait_for(std::chrono::milliseconds(100));
      continue;
    }
    if (!loop.pass()) commands_.wait_for(std::chrono::milliseconds(15));
  }
}

}  // namespace egeot::studio
