#include "studio/model_session.h"

#include "core/checkpoint.h"
#include "core/error.h"
#include "core/scene.h"
#include "studio/warm_start.h"

#include <torch/torch.h>

#include <cmath>
#include <sstream>

namespace egeot::studio {

void ModelSession::replace(std::unique_ptr<EgeotTrainer> trainer, bool new_problem) {
  trainer_ = std::move(trainer);
  if (new_problem) ++generation_;
}

void ModelSession::load_scene(const std::string& name_or_file, double eps) {
  Scene scene = egeot::load_scene(name_or_file);
  if (eps > 0) scene.eps = eps;
  replace(std::make_unique<EgeotTrainer>(scene, device_), true);
  scene_name_ = scene.name.empty() ? name_or_file : scene.name;
}

void ModelSession::load_checkpoint(const std::string& dir) {
  auto loaded = egeot::load_checkpoint(dir, device_);  // throws before touching ours
  scene_name_ = loaded->scene().name;
  replace(std::move(loaded), true);
}

void ModelSession::save_checkpoint(const std::string& dir) {
  egeot::save_checkpoint(dir, *trainer_);
}

void ModelSession::reset() {
  replace(std::make_unique<EgeotTrainer>(trainer_->scene(), device_), true);
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
  s.seed = scene.seed;
  return s;
}

std::string ModelSession::apply(const TrainingSettings& s) {
  Scene scene = trainer_->scene();
  scene.eps = s.eps;
  scene.potential.widths = s.widths;
  scene.optimizer.batch = s.batch;
  scene.sampler.steps = s.langevin_steps;
  scene.sampler.noise = s.noise;
  scene.sampler.score_coef = s.score_coef;
  scene.replay.probability = s.replay_probability;
  scene.optimizer.lr = s.lr;
  scene.seed = s.seed;
  // The scene parser is the one place that knows every field's valid range.
  scene = parse_scene(scene_to_json(scene), "the studio's settings");
  if (s.seed == trainer_->scene().seed && can_warm_start(*trainer_, scene)) {
    const double old_eps = trainer_->scene().eps;
    replace(warm_start(*trainer_, scene), false);
    std::ostringstream out;
    out << "settings applied at iteration " << trainer_->iteration()
        << " (warm start: f kept in true units";
    if (old_eps != scene.eps) out << ", eps " << old_eps << " -> " << scene.eps;
    out << ")";
    return out.str();
  }
  replace(std::make_unique<EgeotTrainer>(scene, device_), true);
  return "network widths or seed changed: training restarts from a fresh network";
}

}  // namespace egeot::studio
