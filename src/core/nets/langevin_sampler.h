#pragma once
// Unadjusted Langevin dynamics for pi_f(y|x) ∝ exp((f(y) - c(x,y)) / eps), written as the
// reference implementation does with the network g = sigma^2/(s eps) f:
//   y <- y + 1/2 s grad g(y) - sigma^2/(2 eps) grad_y c(x,y) + sigma xi,
// i.e. ULA with step sigma^2. With decay < 1 the step anneals as sigma_k = sigma decay^k,
// keeping the same target density.
// eps-conditioned potentials g(y, eps) (see eps_conditioning.h) run each chain at its own
// eps, with the per-sample noise sigma(eps) = sigma sqrt(eps / (eps + knee)), optionally
// tempered down to it from a larger eps (EpsAnneal).
#include "core/nets/potential.h"
#include "core/ot/cost.h"

#include <memory>
#include <string>
#include <vector>

namespace egeot {

struct LangevinSettings {
  int64_t steps = 20;
  double noise = 0.1;       // sigma; the ULA step is sigma^2
  double score_coef = 1.0;  // s (1 in 2D, 0.1 in the paper's AFHQ run)
  double decay = 1.0;       // sigma_k = sigma * decay^k
  double grad_clip = 0.0;   // per-sample bound on |grad g|; 0 turns clipping off
  // How grad g is computed: "fused" (by hand, fused_gradient.h and, for eps-conditioned
  // potentials under ULA, fused_film_gradient.h; less overhead per step) or "autograd" (the
  // reference). MALA/HMC on eps-conditioned potentials use autograd.
  std::string gradient = "fused";
  // The chain's kernel: "ula" (unadjusted, the reference's), "mala" (ULA's proposal with a
  // Metropolis-Hastings correction) or "hmc" (leapfrog trajectories of `leapfrog` steps of
  // size `step`, with a Metropolis correction). The target log pi(y|x) is known up to a
  // constant, so the corrections are exact.
  std::string kind = "ula";
  // One run step of mala or hmc is one proposal (hmc: `leapfrog` gradients each).
  int64_t leapfrog = 10;       // hmc: leapfrog steps per proposal
  double step = 0.0;           // hmc: leapfrog step; mala: proposal noise sqrt(h); 0 = sigma
  double target_accept = 0.0;  // (0, 1): adapt the step towards it while warming up; 0 = off
  int64_t adapt_steps = 0;     // warm-up steps that adapt (the first ones of a run; 0: half)
};

// The acceptance MALA's step adapts towards when a command picks it (Roberts and Rosenthal's
// optimum for the proposal's scale).
inline constexpr double kMalaTargetAccept = 0.574;

bool known_gradient(const std::string& name);
std::string gradient_names();
bool known_sampler_kind(const std::string& name);
std::string sampler_kind_names();  // "\"ula\", \"mala\" or \"hmc\""

// What happened in a run, for users debugging a sampler: mean per-chain norms per step.
struct LangevinTrace {
  std::vector<double> score_drift;  // |1/2 s grad g|
  std::vector<double> cost_drift;   // |sigma^2/(2 eps) grad_y c|
  std::vector<double> noise;        // |sigma xi|
  torch::Tensor paths;              // [steps + 1, recorded chains, D], CPU float
  // Metropolis-corrected kernels only (empty for ULA): the mean acceptance over chains at
  // each step, the step size used at each step, and each chain's acceptance fraction over
  // the run ([n], CPU float).
  // Tempered starts run ULA (see run()), so these cover the run's last acceptance.size() steps.
  // acceptance: min(1, MH ratio) averaged over chains; step_size: the kernel's step (mala:
  // the proposal noise sqrt(h); hmc: the leapfrog step), mean over chains.
  std::vector<double> acceptance;
  std::vector<double> step_size;
  torch::Tensor chain_acceptance;
  // Set when acceptance collapsed (mean below 1 % after warm-up, or many chains that never
  // moved): the chains are then near their starts, not samples of pi. reason: one line.
  bool collapsed = false;
  std::string collapse_reason;
  int64_t gradient_evaluations = 0;  // grad log pi evaluations in the run (all kernels)
};

class LangevinSampler {
 public:
  // eps_knee > 0 for eps-conditioned potentials (the range's knee); eps is then the eps
  // the runs without per-chain eps use.
  LangevinSampler(LangevinSettings settings, double eps, std::shared_ptr<const Cost> cost,
                  double eps_knee = 0);

  // Runs `steps` steps of the settings' kernel from y for the chains conditioned on x (both
  // [n, D], same device). Records norms in *trace when given, and the paths of the first
  // `record` chains. Never builds a graph through the parameters of g.
  torch::Tensor run(Potential& g, const torch::Tensor& x, torch::Tensor y, int64_t steps,
                    LangevinTrace* trace = nullptr, int64_t record = 0) const;
  torch::Tensor run(Potential& g, const torch::Tensor& x, torch::Tensor y,
                    LangevinTrace* trace = nullptr, int64_t record = 0) const {
    return run(g, x, std::move(y), settings_.steps, trace, record);
  }
  // eps-conditioned potentials: chain i samples pi_f(.|x_i) at eps[i] ([n], y's device),
  // reaching it from anneal.from when tempering is active. Tempering runs ULA whatever the
  // kernel (the density changes every step, so there is no fixed target to correct
  // towards); mala and hmc take over at each chain's own eps.
  torch::Tensor run(Potential& g, const torch::Tensor& x, torch::Tensor y, const torch::Tensor& eps,
                    int64_t steps, LangevinTrace* trace = nullptr, int64_t record = 0,
                    const EpsAnneal& anneal = {}) const;

  const LangevinSettings& settings() const { return settings_; }
  double eps() const { return eps_; }
  double eps_knee() const { return knee_; }

 private:
  torch::Tensor run_corrected(Potential& g, const torch::Tensor& x, torch::Tensor y, const torch::Tensor& eps,
                              int64_t steps, LangevinTrace* trace, int64_t record) const;
  torch::Tensor run_chains(Potential& g, const torch::Tensor& x, torch::Tensor y, const torch::Tensor& eps,
                           int64_t steps, LangevinTrace* trace, int64_t record, const EpsAnneal& anneal) const;
  LangevinSettings settings_;
  double eps_;
  double knee_;
  std::shared_ptr<const Cost> cost_;
};

}  // namespace egeot
