#include "studio/worker/watched_run.h"

#include "base/error.h"
#include "core/nets/rng_kept.h"
#include "core/train/divergence_guard.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <sstream>

namespace fs = std::filesystem;

namespace egeot::studio {
namespace {

constexpr double kPollSeconds = 1.0;
constexpr int64_t kHealthSamples = 256;

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string canonical(const std::string& path) {
  std::error_code ec;
  auto p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  std::string s = (ec ? fs::path(path).lexically_normal() : p).string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

std::string figure(double v) {
  std::ostringstream s;
  s << std::setprecision(3) << v;
  return s.str();
}

// The cost's scale on the trainer's samples, leaving the run's random stream as it was.
double health_cost_scale(EgeotTrainer& trainer) {
  RngKept kept;
  torch::NoGradGuard no_grad;
  return cost_scale(trainer.model(), kHealthSamples, trainer.device());
}

bool finite_row(const CurveRow& row) {
  return std::isfinite(row.loss) && std::isfinite(row.f_pos) && std::isfinite(row.f_neg);
}

}  // namespace

double divergence_bound(EgeotTrainer& trainer) { return GuardSettings{}.f_growth * health_cost_scale(trainer); }

std::string divergence_sign(EgeotTrainer& trainer, const CurveRow* row) {
  if (row && !finite_row(*row)) {
    return "metrics.csv's loss at iteration " + std::to_string(int64_t(row->iteration)) +
           " is not finite";
  }
  const double scale = health_cost_scale(trainer), bound = GuardSettings{}.f_growth * scale;
  RngKept kept;
  torch::NoGradGuard no_grad;
  auto& model = trainer.model();
  const auto f = model.f(model.target().sample(kHealthSamples).to(trainer.device()));
  if (!torch::isfinite(f).all().item<bool>()) return "f is not finite on the target's samples";
  double f_max = f.abs().max().item<double>();
  std::string where = "on the target's samples";
  if (row && std::max(std::abs(row->f_pos), std::abs(row->f_neg)) > f_max) {
    f_max = std::max(std::abs(row->f_pos), std::abs(row->f_neg));
    where = "in metrics.csv at iteration " + std::to_string(int64_t(row->iteration));
  }
  const std::string beyond = ", beyond " + figure(GuardSettings{}.f_growth) +
                             " times the cost's scale " + figure(scale);
  if (f_max > bound) return "|f| reached " + figure(f_max) + " " + where + beyond;
  // The loss is a difference of two means of f, so it can exceed the bound only if f did.
  if (row && std::abs(row->loss) > 2 * bound) {
    return "metrics.csv's loss at iteration " + std::to_string(int64_t(row->iteration)) + " is " +
           figure(row->loss) + beyond;
  }
  return "";
}

void WatchedRun::begin(const std::string& dir) {
  watcher_ = std::make_unique<RunWatcher>(dir);
  watched_.push_back(canonical(dir));
  view_ = std::make_shared<const WatchView>(watcher_->view(wall_seconds()));
  last_poll_ = {};
  dial_eps_ = 0;
  row_bound_ = std::numeric_limits<double>::infinity();
  rows_not_plotted_ = 0;
  first_not_plotted_ = -1;
}

void WatchedRun::end() {
  watcher_.reset();
  view_.reset();
}

bool WatchedRun::due() const {
  return active() &&
         std::chrono::duration<double>(std::chrono::steady_clock::now() - last_poll_).count() >=
             kPollSeconds;
}

bool WatchedRun::covers(const std::string& path) const {
  const std::string p = canonical(path);
  return std::any_of(watched_.begin(), watched_.end(), [&](const std::string& d) {
    return p == d || p.rfind(d == "/" ? d : d + "/", 0) == 0;
  });
}

void WatchedRun::add_row(CurveRecorder& curves, const CurveRow& row) {
  // The loss is a difference of two means of f: beyond twice the bound only if f was.
  if (finite_row(row) && std::abs(row.loss) <= 2 * row_bound_ && std::abs(row.f_pos) <= row_bound_ &&
      std::abs(row.f_neg) <= row_bound_) {
    curves.add(row);
    return;
  }
  if (rows_not_plotted_++ == 0) first_not_plotted_ = int64_t(row.iteration);
}

void WatchedRun::add_all_rows(CurveRecorder& curves) {
  curves.clear();
  rows_not_plotted_ = 0;
  first_not_plotted_ = -1;
  for (const auto& row : watcher_->rows()) add_row(curves, row);
}

void WatchedRun::refill(CurveRecorder& curves) {
  if (watcher_) add_all_rows(curves);
}

std::shared_ptr<const WatchView> WatchedRun::current_view() const {
  WatchView v = watcher_->view(wall_seconds());
  v.rows_not_plotted = rows_not_plotted_;
  v.first_not_plotted = first_not_plotted_;
  return std::make_shared<const WatchView>(std::move(v));
}

WatchedRun::Outcome WatchedRun::poll(ModelSession& session, CurveRecorder& curves) {
  Outcome out;
  if (!watcher_) return out;
  last_poll_ = std::chrono::steady_clock::now();
  auto changes = watcher_->poll();
  if (changes.metrics_restarted) {
    add_all_rows(curves);
  } else {
    for (const auto& row : changes.rows) add_row(curves, row);
  }
  out.changed = changes.metrics_restarted || !changes.rows.empty();
  if (changes.checkpoint) {
    out.changed = true;
    std::unique_ptr<EgeotTrainer> trainer;
    try {
      // Throws while a save is under way (a file named by config.json not yet there or already
      // replaced): retried at the next poll, and reported only if it stays unreadable.
      trainer = session.open_checkpoint(watcher_->dir());
    } catch (const std::exception& e) {
      if (watcher_->failed(first_line(e))) out.error = watcher_->view(wall_seconds()).problem;
    }
    if (trainer) {
      // The first model read gives the bound: rows already plotted are checked against it.
      if (std::isinf(row_bound_)) {
        row_bound_ = divergence_bound(*trainer);
        add_all_rows(curves);
      }
      const std::string sign = divergence_sign(*trainer, watcher_->row_at(trainer->iteration()));
      if (!sign.empty()) {
        watcher_->refused("it diverged (" + sign + ")");
        out.error = watcher_->view(wall_seconds()).problem;
      } else {
        const int64_t iteration = trainer->iteration();
        out.new_problem = session.adopt(std::move(trainer));
        auto& model = session.trainer().model();
        if (dial_eps_ > 0 && model.eps_conditioned())
          model.set_eps(model.clamp_eps(dial_eps_), "eps");
        watcher_->loaded(iteration, wall_seconds());
        out.reloaded = true;
      }
    }
  }
  auto view = current_view();
  out.changed |= !view_ || view->state != view_->state || view->rows_not_plotted != view_->rows_not_plotted;
  view_ = view;
  return out;
}

}  // namespace egeot::studio
