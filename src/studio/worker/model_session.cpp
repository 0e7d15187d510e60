#include "studio/worker/model_session.h"

#include "base/error.h"
#include "core/scenes/scene.h"
#include "core/scenes/scene_cost.h"
#include "core/train/checkpoint.h"
#include "studio/worker/warm_start.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <tuple>

namespace egeot::studio {

void ModelSession::replace(std::unique_ptr<EgeotTrainer> trainer, bool new_problem) {
  trainer_ = std::move(trainer);
  if (new_problem) {
    ++generation_;
    eps_changed_at_ = -1;
  }
}

std::shared_ptr<const Cost> ModelSession::cost_for(const Scene& scene) {
  if (!fit_monitor_ || !scene.image_scene()) return make_scene_cost(scene, device_);
  const auto& g = scene.generator;
  fit_monitor_->begin("Fitting the built-in generator on " + g.value("builtin", std::string()) + "/" +
                      g.value("class", std::string()) + " for scene " + scene.name +
                      " (once: it is cached for later runs)");
  GeneratorFitMonitor* monitor = fit_monitor_;
  return make_scene_cost(scene, device_, [monitor](const FitStep& s) {
    return monitor->step(s.iteration, s.total, s.recon, s.mmd);
  });
}

void ModelSession::load_scene(const std::string& name_or_file, double eps) {
  Scene scene = egeot::load_scene(name_or_file);
  if (eps > 0) scene.eps = eps;
  replace(std::make_unique<EgeotTrainer>(scene, device_, cost_for(scene)), true);
  scene_name_ = scene.name.empty() ? name_or_file : scene.name;
}

void ModelSession::load_checkpoint(const std::string& dir) {
  // Throws before touching ours; an image scene's generator comes through cost_for.
  auto loaded = egeot::load_checkpoint(dir, device_, cost_for(read_checkpoint_config(dir).scene));
  scene_name_ = loaded->scene().name;
  replace(std::move(loaded), true);
}

namespace {

// Eps aside, which an eps-conditioned model's dial moves without changing the problem.
bool same_problem(const Scene& a, Scene b) {
  b.eps = a.eps;
  return scene_to_json(a) == scene_to_json(b);
}

}  // namespace

std::unique_ptr<EgeotTrainer> ModelSession::open_checkpoint(const std::string& dir) {
  const auto config = read_checkpoint_config(dir);
  const bool same_scene = trainer_ && same_problem(trainer_->scene(), config.scene);
  return egeot::load_checkpoint(
      dir, device_, same_scene ? trainer_->model().shared_cost() : cost_for(config.scene));
}

bool ModelSession::adopt(std::unique_ptr<EgeotTrainer> trainer) {
  const bool new_problem = !trainer_ || !same_problem(trainer_->scene(), trainer->scene());
  scene_name_ = trainer->scene().name;
  replace(std::move(trainer), new_problem);
  return new_problem;
}

void ModelSession::clear() {
  trainer_.reset();
  scene_name_.clear();
  ++generation_;
}

void ModelSession::save_checkpoint(const std::string& dir) {
  egeot::save_checkpoint(dir, *trainer_);
}

namespace {

// A fresh network starts its learning-rate schedule afresh (a warm start may have moved it).
Scene restarted(Scene scene) {
  scene.optimizer.lr_decay_start = 0;
  return scene;
}

}  // namespace

void ModelSession::reset() {
  replace(std::make_unique<EgeotTrainer>(restarted(trainer_->scene()), device_, trainer_->model().shared_cost()),
          true);
}

TrainingSettings ModelSession::settings() const {
  TrainingSettings s;
  if (!trainer_) return s;
  const Scene& scene = trainer_->scene();
  s.eps = scene.eps;
  s.widths = scene.potential.widths;
  s.batch = scene.optimizer.batch;
  s.langevin_steps = scene.sampler.steps;
  s.noise = scene.sampler.noise;
  s.score_coef = scene.sampler.score_coef;
  s.replay_probability = scene.replay.probability;
  s.lr = scene.optimizer.lr;
  s.lr_final = scene.optimizer.lr_final;
  s.lr_decay_iters = scene.optimizer.lr_decay_iters;
  s.seed = scene.seed;
  if (trainer_->model().eps_conditioned()) std::tie(s.eps_min, s.eps_max) = trainer_->model().eps_range();
  s.eps_changed_at = eps_changed_at_;
  return s;
}

std::string ModelSession::apply(const TrainingSettings& s) {
  if (!trainer_->model().eps_conditioned()) {
    // A single-eps model warm-starts at the new eps and catches up; remember where it began.
    const double old_eps = trainer_->scene().eps;
    const auto old_generation = generation_;
    auto what = apply_to_scene(s);
    if (generation_ == old_generation && trainer_->scene().eps != old_eps) {
      eps_changed_at_ = trainer_->iteration();
    }
    return what;
  }
  // The other settings change the training as for any model (at the current eps); then eps
  // moves along the trained range, which costs nothing.
  const double wanted = s.eps;
  const double eps = trainer_->model().clamp_eps(wanted);
  TrainingSettings rest = s;
  rest.eps = trainer_->scene().eps;
  TrainingSettings current = settings();
  rest.eps_min = current.eps_min;
  rest.eps_max = current.eps_max;
  rest.eps_changed_at = current.eps_changed_at;
  std::string what;
  if (rest != current) what = apply_to_scene(rest) + "; ";
  if (!trainer_->model().eps_conditioned()) return what + "the new network is not eps-conditioned";
  trainer_->model().set_eps(eps, "eps");
  std::ostringstream out;
  out << what << "eps " << eps << " on the eps-conditioned model (no retraining)";
  if (eps != wanted) {
    const auto [lo, hi] = trainer_->model().eps_range();
    out << ": " << wanted << " clamped into the trained range [" << lo << ", " << hi << "]";
  }
  return out.str();
}

std::string ModelSession::apply_to_scene(const TrainingSettings& s) {
  Scene scene = trainer_->scene();
  scene.eps = s.eps;
  scene.potential.widths = s.widths;
  scene.optimizer.batch = s.batch;
  scene.sampler.steps = s.langevin_steps;
  scene.sampler.noise = s.noise;
  scene.sampler.score_coef = s.score_coef;
  scene.replay.probability = s.replay_probability;
  // A schedule keeps its shape: its final rate moves with the rate set.
  if (scene.optimizer.lr_final > 0)
    scene.optimizer.lr_final = std::min(s.lr, scene.optimizer.lr_final * s.lr / scene.optimizer.lr);
  scene.optimizer.lr = s.lr;
  scene.seed = s.seed;
  // The scene parser is the one place that knows every field's valid range.
  scene = parse_scene(scene_to_json(scene), "the studio's settings");
  if (s.seed == trainer_->scene().seed && can_warm_start(*trainer_, scene)) {
    // New settings are a new problem to catch up on: the rate's decay starts again here.
    scene.optimizer.lr_decay_start = trainer_->iteration();
    const double old_eps = trainer_->scene().eps;
    replace(warm_start(*trainer_, scene), false);
    std::ostringstream out;
    out << "settings applied at iteration " << trainer_->iteration()
        << " (warm start: f kept in true units";
    if (old_eps != scene.eps) out << ", eps " << old_eps << " -> " << scene.eps;
    out << ")";
    return out.str();
  }
  scene = restarted(scene);
  replace(std::make_unique<EgeotTrainer>(scene, device_, cost_for(scene)), true);
  return "network widths or seed changed: training restarts from a fresh network";
}

}  // namespace egeot::studio
