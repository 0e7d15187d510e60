#include "studio/worker/generator_fit_monitor.h"

#include <cstdio>
#include <memory>

namespace egeot::studio {
namespace {

constexpr double kPublishSeconds = 0.05;

double seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

void GeneratorFitMonitor::begin(std::string what) {
  what_ = std::move(what);
  cancel_ = false;
  started_ = Clock::now();
}

bool GeneratorFitMonitor::step(int64_t iteration, int64_t total, double recon, double mmd) {
  const auto now = Clock::now();
  if (iteration <= 1) {
    first_step_ = now;
    std::fprintf(stderr, "egeot-studio: %s: progress on the canvas\n", what_.c_str());
  }
  const bool stop = stop_ || cancel_;
  if (iteration <= 1 || iteration >= total || stop ||
      seconds(now - last_publish_) >= kPublishSeconds) {
    GeneratorFitView view;
    view.what = iteration >= total ? "generator fitted; building the model\xe2\x80\xa6" : what_;
    view.iteration = iteration;
    view.total = total;
    view.recon = recon;
    view.mmd = mmd;
    view.elapsed = seconds(now - started_);
    // The rate from the first iteration on: loading the images before it is not a step.
    if (iteration > 1)
      view.remaining =
          seconds(now - first_step_) / double(iteration - 1) * double(total - iteration);
    view.cancelling = cancel_;
    publish(view);
    last_publish_ = now;
  }
  return !stop;
}

void GeneratorFitMonitor::publish(const GeneratorFitView& view) {
  // The last picture stays (a fit started from the panel keeps the old model on screen);
  // only the fit's progress is added.
  const auto latest = slot_.latest();
  auto s = latest ? std::make_shared<Snapshot>(*latest) : std::make_shared<Snapshot>();
  s->fit = std::make_shared<const GeneratorFitView>(view);
  slot_.publish(std::move(s));
  if (on_publish_) on_publish_();
}

}  // namespace egeot::studio
