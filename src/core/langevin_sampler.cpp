#include "core/langevin_sampler.h"

#include <torch/torch.h>

#include <cmath>

namespace egeot {

LangevinSampler::LangevinSampler(LangevinSettings settings, double eps,
                                 std::shared_ptr<const Cost> cost)
    : settings_(settings), eps_(eps), cost_(std::move(cost)) {}

torch::Tensor LangevinSampler::run(Potential& g, const torch::Tensor& x, torch::Tensor y,
                                   int64_t steps, LangevinTrace* trace, int64_t record) const {
  const auto& s = settings_;
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
  torch::AutoGradMode enable(true);
  y = y.detach();
  double sigma_k = s.noise;
  for (int64_t k = 0; k < steps; ++k) {
    const double h = sigma_k * sigma_k;
    auto yg = y.requires_grad_(true);
    auto grad_g = torch::autograd::grad({g->forward(yg).sum()}, {yg})[0];
    y = y.detach();
    if (s.grad_clip > 0) {
      auto norm = grad_g.norm(2, -1, /*keepdim=*/true).clamp_min(1e-12);
      grad_g = grad_g * (s.grad_clip / norm).clamp_max(1.0);
    }
    auto score_drift = (0.5 * s.score_coef * h / sigma2) * grad_g;
    auto cost_drift = (h / (2 * eps_)) * cost_->grad_y(x, y);
    auto noise = sigma_k * torch::randn_like(y);
    y = y + score_drift - cost_drift + noise;
    if (trace) {
      score_norms.push_back(score_drift.norm(2, -1).mean());
      cost_norms.push_back(cost_drift.norm(2, -1).mean());
      noise_norms.push_back(noise.norm(2, -1).mean());
      if (record > 0) path.push_back(y.slice(0, 0, record).to(torch::kCPU));
    }
    sigma_k *= s.decay;
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
