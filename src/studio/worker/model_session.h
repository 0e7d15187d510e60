#pragma once
// The model the studio trains, and every way it gets replaced: a scene preset or file,
// new settings (warm start), reset, seed, checkpoints. Lives on the trainer thread. Each
// operation either succeeds or throws InputError leaving the running model as it was.
#include "core/train/egeot_trainer.h"
#include "studio/protocol/snapshot.h"
#include "studio/protocol/training_settings.h"
#include "studio/worker/generator_fit_monitor.h"

#include <memory>
#include <string>

namespace egeot::studio {

class ModelSession {
 public:
  explicit ModelSession(torch::Device device) : device_(device) {}
  // Reports (and can stop) the fit of an image scene's generator on first use.
  void set_fit_monitor(GeneratorFitMonitor* monitor) { fit_monitor_ = monitor; }

  // Scene from a preset name or a file; eps > 0 overrides the scene's.
  void load_scene(const std::string& name_or_file, double eps = 0);
  void load_checkpoint(const std::string& dir);
  // Watch mode: a checkpoint loaded but not shown yet (it is checked first), reusing the
  // running model's cost when the scene is the same; then shown by adopt, which bumps the
  // generation only when the scene differs, so a newer checkpoint of the same run keeps the
  // views' chains and the user's view. adopt returns whether the generation bumped.
  std::unique_ptr<EgeotTrainer> open_checkpoint(const std::string& dir);
  bool adopt(std::unique_ptr<EgeotTrainer> trainer);
  // No model (watch mode before its first checkpoint).
  void clear();
  void save_checkpoint(const std::string& dir);
  // Fresh network and optimiser, same scene.
  void reset();
  // Maps the settings onto the scene. Returns what happened in a sentence: a warm start
  // (the potential kept, in true units) or, when widths or seed changed, a fresh network.
  // On an eps-conditioned model a new eps is a dial, not a change of problem: it is clamped
  // into the trained range and takes effect at once, with no retraining.
  std::string apply(const TrainingSettings& settings);

  bool ready() const { return trainer_ != nullptr; }
  torch::Device device() const { return device_; }
  EgeotTrainer& trainer() { return *trainer_; }
  TrainingSettings settings() const;
  const std::string& scene_name() const { return scene_name_; }
  // Bumps whenever the trainer is replaced by another problem or a fresh network, so views
  // of the old one (chains, samples) are dropped.
  uint64_t generation() const { return generation_; }

 private:
  void replace(std::unique_ptr<EgeotTrainer> trainer, bool new_problem);
  std::string apply_to_scene(const TrainingSettings& settings);
  std::shared_ptr<const Cost> cost_for(const Scene& scene);
  torch::Device device_;
  GeneratorFitMonitor* fit_monitor_ = nullptr;
  std::unique_ptr<EgeotTrainer> trainer_;
  std::string scene_name_;
  uint64_t generation_ = 0;
  int64_t eps_changed_at_ = -1;
};

}  // namespace egeot::studio
