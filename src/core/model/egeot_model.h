#pragma once
// The learned model: the dual potential f in true units, eps as a dial, and samples of the
// conditional plan pi_f(.|x) by Langevin. It holds no optimizer and no replay buffer, so
// sampling, evaluation and translation load only this; EgeotTrainer holds one and trains it.
// The model owns every tensor it touches; callers on other threads must not use it.
#include "core/data/distribution.h"
#include "core/nets/langevin_sampler.h"
#include "core/nets/potential.h"
#include "core/ot/cost.h"
#include "core/scenes/scene.h"

#include <memory>
#include <string>
#include <utility>

namespace egeot {

class EgeotModel {
 public:
  // cost: the scene's (make_scene_cost); potential: the weights, on device already.
  EgeotModel(const Scene& scene, torch::Device device, std::shared_ptr<const Cost> cost,
             Potential potential);

  // f = f_scale() * g: the network stores sigma^2/(s eps) f.
  double f_scale() const;
  // The dual potential f in true units at y ([n, D] on any device) -> [n] on the CPU.
  torch::Tensor f(const torch::Tensor& y);
  // Fresh chains for the rows of x, as the scene's init says (per-chain eps: eps [n]).
  torch::Tensor init_chains(const torch::Tensor& x) const;
  torch::Tensor init_chains(const torch::Tensor& x, const torch::Tensor& eps) const;
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
  torch::Device device() const { return device_; }
  // The training steps behind these weights.
  int64_t iteration() const { return iteration_; }
  void set_iteration(int64_t iteration) { iteration_ = iteration; }
  // The weights f comes from (a trainer's weight average when it keeps one).
  Potential& potential() { return potential_; }
  void set_potential(Potential potential) { potential_ = std::move(potential); }
  const Distribution& source() const { return *source_; }
  const Distribution& target() const { return *target_; }
  const LangevinSampler& sampler() const { return sampler_; }
  // Replaces the chain's kernel (kind, leapfrog, step, target acceptance, warm-up) with
  // kernel's; the noise sigma and score coefficient define g's units and stay the scene's.
  void set_sampler_kernel(const LangevinSettings& kernel);
  // What the Metropolis-corrected kernels reported over the sampling runs above since the last
  // call (none for ULA), so that a command can say when acceptance collapsed.
  struct KernelReport {
    int64_t runs = 0, collapsed_runs = 0;
    double acceptance = 0;  // mean over the runs' steps after warm-up
    std::string reason;     // the first collapsed run's
  };
  KernelReport take_kernel_report();
  const Cost& cost() const { return *cost_; }
  std::shared_ptr<const Cost> shared_cost() const { return cost_; }

 private:
  Scene scene_;
  torch::Device device_;
  std::unique_ptr<Distribution> source_;
  std::unique_ptr<Distribution> target_;
  std::shared_ptr<const Cost> cost_;
  Potential potential_{nullptr};
  torch::Tensor run_sampler(const torch::Tensor& x, torch::Tensor y, const torch::Tensor& eps, int64_t steps,
                            LangevinTrace* trace, int64_t record, const EpsAnneal& anneal);
  LangevinSampler sampler_;
  int64_t iteration_ = 0;
  KernelReport kernel_report_;
  double kernel_acceptance_sum_ = 0;
  int64_t kernel_acceptance_steps_ = 0;
};

}  // namespace egeot
