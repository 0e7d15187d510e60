#pragma once
// One EgEOT training step:
//   1. x ~ P, y+ ~ Q;
//   2. y- ~ pi_f(.|x) by Langevin, chains continued from the replay buffer with
//      probability p (keeping their x) or started fresh;
//   3. Adam on mean g(y-) - mean g(y+).
// With an eps range, each chain has its own eps (kept in the buffer with its x) and the
// positives of step 3 are paired with the same eps.
// The trainer owns every tensor it touches; callers on other threads must not use it.
// It trains an EgeotModel (sampling, f, the eps dial), which it exposes as model().
#include "core/model/egeot_model.h"
#include "core/nets/langevin_sampler.h"
#include "core/nets/potential.h"
#include "core/nets/weight_average.h"
#include "core/scenes/scene.h"
#include "core/train/replay_buffer.h"

#include <torch/optim/adam.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace egeot {

struct StepStats {
  int64_t iteration = 0;   // after this step
  double loss = 0;         // mean f(y-) - mean f(y+), true units
  double f_pos = 0;        // mean f(y+), true units
  double f_neg = 0;        // mean f(y-), true units
  double replayed = 0;     // share of chains continued from the buffer
  double chain_radius = 0; // largest |y-| of the batch: how far the chains went
  double grad_norm = 0;    // of the loss in the network's weights
  bool stepped = true;     // false: the gradient was not finite and the weights were kept
  LangevinTrace sampler;   // drift and noise norms per Langevin step
};

class EgeotTrainer {
 public:
  // Seeds torch with scene.seed, then builds the model, optimiser and buffer. cost: the
  // scene's (make_scene_cost); a point scene may leave it out, since its cost is a name. An
  // image scene's cost holds its generator, which the caller loads (or fits) first.
  EgeotTrainer(const Scene& scene, torch::Device device, std::shared_ptr<const Cost> cost = nullptr);

  StepStats step();

  // The model: its potential is the weight average when the scene keeps one (optimizer.ema),
  // else the live weights; every f, sample and view comes from it.
  EgeotModel& model() { return model_; }
  const EgeotModel& model() const { return model_; }
  const Scene& scene() const { return model_.scene(); }
  int64_t iteration() const { return model_.iteration(); }
  void set_iteration(int64_t iteration) { model_.set_iteration(iteration); }
  torch::Device device() const { return model_.device(); }
  // The live weights, which training steps move and training chains follow.
  Potential& potential() { return potential_; }
  // After the live weights were replaced (a checkpoint without an average, a warm start).
  void reset_average() {
    if (average_) average_->reset(potential_);
  }
  bool has_average() const { return average_ != nullptr; }
  torch::optim::Adam& optimizer() { return *optimizer_; }
  ReplayBuffer& buffer() { return buffer_; }

  // Data-parallel training (core/dist): this trainer is one of `shards`, each step draws
  // batch/shards of the scene's batch, and `reduce` replaces the gradients of these
  // parameters with their mean over all shards. The replay buffer starts again, empty, with
  // capacity/shards chains. The batch must divide by shards (InputError).
  using GradientReducer = std::function<void(const std::vector<torch::Tensor>& parameters)>;
  void set_data_parallel(int64_t shards, GradientReducer reduce);
  int64_t shards() const { return shards_; }

 private:
  Potential potential_{nullptr};
  EgeotModel model_;
  std::unique_ptr<torch::optim::Adam> optimizer_;
  std::unique_ptr<WeightAverage> average_;
  ReplayBuffer buffer_;
  int64_t shards_ = 1;
  GradientReducer reduce_gradients_;
};

}  // namespace egeot
