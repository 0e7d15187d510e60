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
  // How grad g is computed for single-eps potentials: "fused" (by hand, fused_gradient.h;
  // less overhead per step) or "autograd" (the reference). eps-conditioned potentials
  // always use autograd.
  std::string gradient = "fused";
};

bool known_gradient(const std::string& name);
std::string gradient_names();

// What happened in a run, for users debugging a sampler: mean per-chain norms per step.
struct LangevinTrace {
  std::vector<double> score_drift;  // |1/2 s grad g|
  std::vector<double> cost_drift;   // |sigma^2/(2 eps) grad_y c|
  std::vector<double> noise;        // |sigma xi|
  torch::Tensor paths;              // [steps + 1, recorded chains, D], CPU float
};

class LangevinSampler {
 public:
  // eps_knee > 0 for eps-conditioned potentials (the range's knee); eps is then the eps
  // the runs without per-chain eps use.
  LangevinSampler(LangevinSettings settings, double eps, std::shared_ptr<const Cost> cost,
                  double eps_knee = 0);

  // Runs `steps` ULA steps from y for the chains conditioned on x (both [n, D], same
  // device). Records norms in *trace when given, and the paths of the first
  // `record` chains. Never builds a graph through the parameters of g.
  torch::Tensor run(Potential& g, const torch::Tensor& x, torch::Tensor y, int64_t steps,
                    LangevinTrace* trace = nullptr, int64_t record = 0) const;
  torch::Tensor run(Potential& g, const torch::Tensor& x, torch::Tensor y,
                    LangevinTrace* trace = nullptr, int64_t record = 0) const {
    return run(g, x, std::move(y), settings_.steps, trace, record);
  }
  // eps-conditioned potentials: chain i samples pi_f(.|x_i) at eps[i] ([n], y's device),
  // reaching it from anneal.from when tempering is active.
  torch::Tensor run(Potential& g, const torch::Tensor& x, torch::Tensor y, const torch::Tensor& eps,
                    int64_t steps, LangevinTrace* trace = nullptr, int64_t record = 0,
                    const EpsAnneal& anneal = {}) const;

  const LangevinSettings& settings() const { return settings_; }
  double eps() const { return eps_; }
  double eps_knee() const { return knee_; }

 private:
  torch::Tensor run_chains(Potential& g, const torch::Tensor& x, torch::Tensor y, const torch::Tensor& eps,
                           int64_t steps, LangevinTrace* trace, int64_t record, const EpsAnneal& anneal) const;
  LangevinSettings settings_;
  double eps_;
  double knee_;
  std::shared_ptr<const Cost> cost_;
};

}  // namespace egeot
