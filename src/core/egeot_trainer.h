#pragma once
// One EgEOT training step (DESIGN.md §1):
//   1. x ~ P, y+ ~ Q;
//   2. y- ~ pi_f(.|x) by Langevin, chains continued from the replay buffer with
//      probability p (keeping their x) or started fresh;
//   3. Adam on mean g(y-) - mean g(y+).
// With an eps range, each chain has its own eps (kept in the buffer with its x) and the
// positives of step 3 are paired with the same eps.
// The trainer owns every tensor it touches; callers on other threads must not use it.
#include "core/cost.h"
#include "core/distribution.h"
#include "core/langevin_sampler.h"
#include "core/potential.h"
#include "core/replay_buffer.h"
#include "core/scene.h"
#include "core/weight_average.h"

#include <torch/optim/adam.h>

#include <memory>
#include <string>
#include <utility>

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
  // Seeds torch with scene.seed, then builds the distributions, network and optimiser.
  // cost: the scene's cost when null (make_scene_cost: an image scene loads, or first fits,
  // its generator); callers that hold the generator already pass its cost.
  EgeotTrainer(const Scene& scene, torch::Device device, std::shared_ptr<const Cost> cost = nullptr);

  StepStats step();

  // f = f_scale() * g: the network stores sigma^2/(s eps) f.
  double f_scale() const;
  // The dual potential f in true units at y ([n, D] on any device) -> [n] on the CPU.
  torch::Tensor f(const torch::Tensor& y);
  // Fresh chains for the rows of x, as the scene's init says.
  torch::Tensor init_chains(const torch::Tensor& x) const;
  // Samples y ~ pi_f(.|x) for each row of x with `steps` Langevin steps from fresh chains.
  torch::Tensor sample_conditional(const torch::Tensor& x, int64_t steps,
                                   LangevinTrace* trace = nullptr, int64_t record = 0);

  // eps as a dial. An eps-conditioned model (scene "eps_range") holds f(y, eps)
  // for every eps in its range; each training step draws a per-chain eps log-uniformly
  // there (see eps_conditioning.h). The calls above evaluate it at scene().eps, which
  // set_eps moves, so every view built on them (grid truths, samplers) follows the dial.
  // A single-eps model's range is {eps, eps}.
  bool eps_conditioned() const { return scene_.potential.eps_range.active(); }
  std::pair<double, double> eps_range() const;
  // Throws InputError "<what> <eps>: outside the trained range [a, b]" (or, single-eps,
  // "... the model was trained at eps e only").
  void check_eps(double eps, const std::string& what = "eps") const;
  // Moves scene().eps within the range (throws as check_eps; a single-eps model accepts
  // only its own eps, and nothing changes).
  void set_eps(double eps, const std::string& what = "eps");
  double clamp_eps(double eps) const;  // into the range
  double f_scale(double eps) const;
  torch::Tensor f(const torch::Tensor& y, double eps);
  // anneal: tempering from a larger eps (conditioned models; ignored for one eps).
  torch::Tensor sample_conditional(const torch::Tensor& x, int64_t steps, double eps,
                                   LangevinTrace* trace = nullptr, int64_t record = 0,
                                   const EpsAnneal& anneal = {});

  // The same from given chain starts y0 ([n, dim]), e.g. to check that chains mix.
  torch::Tensor sample_conditional_from(const torch::Tensor& x, const torch::Tensor& y0, int64_t steps,
                                        double eps, const EpsAnneal& anneal = {});

  // Tempering for `steps` fresh chains: from the range's largest eps down to each chain's
  // over the first `share` of the steps; inactive for a single-eps model or share 0.
  EpsAnneal fresh_anneal(int64_t steps, double share) const;

  const Scene& scene() const { return scene_; }
  int64_t iteration() const { return iteration_; }
  void set_iteration(int64_t iteration) { iteration_ = iteration; }
  torch::Device device() const { return device_; }
  // The live weights, which training steps move and training chains follow.
  Potential& potential() { return potential_; }
  // The model: the weight average when the scene keeps one (optimizer.ema), else the live
  // weights. f, sample_conditional* and every view built on them use it.
  Potential& model_potential() { return average_ ? average_->potential() : potential_; }
  // After the live weights were replaced (a checkpoint without an average, a warm start).
  void reset_average() {
    if (average_) average_->reset(potential_);
  }
  bool has_average() const { return average_ != nullptr; }
  torch::optim::Adam& optimizer() { return *optimizer_; }
  const Distribution& source() const { return *source_; }
  const Distribution& target() const { return *target_; }
  const LangevinSampler& sampler() const { return sampler_; }
  const Cost& cost() const { return *cost_; }
  ReplayBuffer& buffer() { return buffer_; }

 private:
  torch::Tensor init_chains(const torch::Tensor& x, const torch::Tensor& eps) const;
  Scene scene_;
  torch::Device device_;
  std::unique_ptr<Distribution> source_;
  std::unique_ptr<Distribution> target_;
  std::shared_ptr<const Cost> cost_;
  Potential potential_{nullptr};
  std::unique_ptr<torch::optim::Adam> optimizer_;
  std::unique_ptr<WeightAverage> average_;
  LangevinSampler sampler_;
  ReplayBuffer buffer_;
  int64_t iteration_ = 0;
};

}  // namespace egeot
