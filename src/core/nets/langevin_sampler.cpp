#include "core/nets/langevin_sampler.h"

#include "core/nets/fused_gradient.h"

#include <torch/torch.h>

#include <cmath>
#include <optional>

namespace egeot {

bool known_gradient(const std::string& name) { return name == "fused" || name == "autograd"; }

std::string gradient_names() { return "\"fused\" or \"autograd\""; }

LangevinSampler::LangevinSampler(LangevinSettings settings, double eps,
                                 std::shared_ptr<const Cost> cost, double eps_knee)
    : settings_(settings), eps_(eps), knee_(eps_knee), cost_(std::move(cost)) {
  TORCH_CHECK(known_gradient(settings_.gradient), "Langevin gradient '", settings_.gradient, "': expected ",
              gradient_names());
}

torch::Tensor LangevinSampler::run(Potential& g, const torch::Tensor& x, torch::Tensor y,
                                   int64_t steps, LangevinTrace* trace, int64_t record) const {
  torch::Tensor eps;
  if (g->conditioned()) eps = torch::full({y.size(0)}, eps_, y.options());
  return run_chains(g, x, std::move(y), eps, steps, trace, record, {});
}

torch::Tensor LangevinSampler::run(Potential& g, const torch::Tensor& x, torch::Tensor y,
                                   const torch::Tensor& eps, int64_t steps, LangevinTrace* trace,
                                   int64_t record, const EpsAnneal& anneal) const {
  TORCH_CHECK(g->conditioned() && knee_ > 0, "per-chain eps needs an eps-conditioned potential and sampler");
  TORCH_CHECK(eps.dim() == 1 && eps.size(0) == y.size(0), "per-chain eps: expected [n]");
  return run_chains(g, x, std::move(y), eps, steps, trace, record, anneal);
}

torch::Tensor LangevinSampler::run_chains(Potential& g, const torch::Tensor& x, torch::Tensor y,
                                          const torch::Tensor& eps, int64_t steps, LangevinTrace* trace,
                                          int64_t record, const EpsAnneal& anneal) const {
  const auto& s = settings_;
  // Per chain (conditioned): eps and the starting noise sigma(eps) as [n, 1] columns.
  const bool per_chain = eps.defined();
  torch::Tensor final_eps_col, eps_col, sigma0_col;
  if (per_chain) {
    final_eps_col = eps_col = eps.to(y.device(), y.scalar_type()).reshape({-1, 1});
    sigma0_col = conditioned_noise(s.noise, eps_col, knee_);
  }
  const bool tempered = per_chain && anneal.active();
  const double sigma2 = s.noise * s.noise;
  std::vector<torch::Tensor> score_norms, cost_norms, noise_norms, path;
  record = std::min<int64_t>(record, y.size(0));
  if (trace && record > 0) path.push_back(y.slice(0, 0, record).detach().to(torch::kCPU));

  // Parameters need no gradient while sampling: autograd then keeps no weight-side graph.
  std::vector<bool> had_grad;
  for (auto& p : g->parameters()) {
    had_grad.push_back(p.requires_grad());
    p.requires_grad_(false);
  }
  std::optional<FusedGradient> fused;
  if (!g->conditioned() && s.gradient == "fused") fused.emplace(g);
  torch::AutoGradMode enable(true);
  y = y.detach();
  double sigma_k = s.noise;
  double decay_k = 1.0;  // decay^k
  for (int64_t k = 0; k < steps; ++k) {
    const double h = sigma_k * sigma_k;
    if (tempered && anneal.offset + k <= anneal.steps) {
      eps_col = annealed_eps(final_eps_col, anneal, k);
      sigma0_col = conditioned_noise(s.noise, eps_col, knee_);
    }
    torch::Tensor grad_g;
    if (fused) {
      grad_g = fused->gradient(y);  // a buffer the next step overwrites: only read below
    } else {
      auto yg = y.requires_grad_(true);
      auto energy = per_chain ? g->forward(yg, eps_col.squeeze(1)) : g->forward(yg);
      grad_g = torch::autograd::grad({energy.sum()}, {yg})[0];
      y = y.detach();
    }
    if (s.grad_clip > 0) {
      auto norm = grad_g.norm(2, -1, /*keepdim=*/true).clamp_min(1e-12);
      grad_g = grad_g * (s.grad_clip / norm).clamp_max(1.0);
    }
    torch::Tensor score_drift, cost_drift, noise;
    if (per_chain) {
      // The same update with each chain's own sigma_k = sigma(eps) decay^k and eps.
      auto sigma_col = sigma0_col * decay_k;
      score_drift = (0.5 * s.score_coef * decay_k * decay_k) * grad_g;
      cost_drift = (sigma_col * sigma_col / (2 * eps_col)) * cost_->grad_y(x, y);
      noise = sigma_col * torch::randn_like(y);
    } else {
      score_drift = (0.5 * s.score_coef * h / sigma2) * grad_g;
      cost_drift = (h / (2 * eps_)) * cost_->grad_y(x, y);
      noise = sigma_k * torch::randn_like(y);
    }
    y = y + score_drift - cost_drift + noise;
    if (trace) {
      score_norms.push_back(score_drift.norm(2, -1).mean());
      cost_norms.push_back(cost_drift.norm(2, -1).mean());
      noise_norms.push_back(noise.norm(2, -1).mean());
      if (record > 0) path.push_back(y.slice(0, 0, record).to(torch::kCPU));
    }
    sigma_k *= s.decay;
    decay_k *= s.decay;
  }
  size_t i = 0;
  for (auto& p : g->parameters()) p.requires_grad_(had_grad[i++]);

  if (trace) {
    auto to_vector = [](const std::vector<torch::Tensor>& v) {
      if (v.empty()) return std::vector<double>{};
      auto t = torch::stack(v).to(torch::kCPU, torch::kFloat64).contiguous();
      return std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
    };
    trace->score_drift = to_vector(score_norms);
    trace->cost_drift = to_vector(cost_norms);
    trace->noise = to_vector(noise_norms);
    trace->paths = record > 0 ? torch::stack(path) : torch::Tensor();
  }
  return y.detach();
}

}  // namespace egeot
