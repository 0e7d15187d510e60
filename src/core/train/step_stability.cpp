#include "core/train/step_stability.h"

#include "core/nets/eps_conditioning.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace egeot {
namespace {

// The sampler's drift D(y) per chain (its cost part minus its score part), as it steps.
torch::Tensor drift(EgeotTrainer& trainer, const torch::Tensor& x, const torch::Tensor& y,
                    const torch::Tensor& eps_col) {
  const auto& s = trainer.scene().sampler;
  auto& g = trainer.potential();
  torch::AutoGradMode enable(true);
  auto yg = y.detach().requires_grad_(true);
  auto energy = eps_col.defined() ? g->forward(yg, eps_col.squeeze(1)) : g->forward(yg);
  auto grad_g = torch::autograd::grad({energy.sum()}, {yg})[0].detach();
  if (s.grad_clip > 0) {
    auto norm = grad_g.norm(2, -1, /*keepdim=*/true).clamp_min(1e-12);
    grad_g = grad_g * (s.grad_clip / norm).clamp_max(1.0);
  }
  auto cost_grad = trainer.model().cost().grad_y(x, y.detach());
  if (eps_col.defined()) {
    auto sigma = conditioned_noise(s.noise, eps_col, trainer.scene().potential.eps_range.knee);
    return (sigma * sigma / (2 * eps_col)) * cost_grad - (0.5 * s.score_coef) * grad_g;
  }
  return (s.noise * s.noise / (2 * trainer.scene().eps)) * cost_grad - (0.5 * s.score_coef) * grad_g;
}

}  // namespace

StepStability measure_step_stability(EgeotTrainer& trainer, const torch::Tensor& x,
                                     const torch::Tensor& y, const torch::Tensor& eps, int iterations) {
  StepStability out;
  if (y.size(0) == 0) return out;
  auto cpu_rng = at::detail::getDefaultCPUGenerator();
  const auto rng_state = cpu_rng.get_state();
  const auto& s = trainer.scene().sampler;
  auto xd = x.to(trainer.device());
  auto yd = y.to(trainer.device()).to(torch::kFloat32);
  torch::Tensor eps_col, delta;
  if (eps.defined()) {
    eps_col = eps.to(yd.device(), yd.scalar_type()).reshape({-1, 1});
    delta = conditioned_noise(s.noise, eps_col, trainer.scene().potential.eps_range.knee);
  } else {
    delta = torch::full({yd.size(0), 1}, s.noise, yd.options());
  }
  // Power iteration on the Jacobian of D, one vector per chain, by central differences.
  auto v = torch::randn_like(yd);
  v = v / v.norm(2, -1, true).clamp_min(1e-12);
  torch::Tensor stretch = torch::zeros({yd.size(0)}, yd.options());
  for (int k = 0; k < iterations; ++k) {
    auto jv = (drift(trainer, xd, yd + delta * v, eps_col) - drift(trainer, xd, yd - delta * v, eps_col)) /
              (2 * delta);
    stretch = jv.norm(2, -1);
    v = jv / stretch.clamp_min(1e-12).unsqueeze(1);
  }
  cpu_rng.set_state(rng_state);
  stretch = torch::nan_to_num(stretch.to(torch::kCPU, torch::kFloat64), 1e30, 1e30, 1e30);
  out.rho = stretch.max().item<double>();
  out.rho_median = stretch.median().item<double>();
  out.chains = yd.size(0);
  return out;
}

double stable_noise(double sigma, double rho, double target) {
  if (!(rho > 0) || !std::isfinite(rho)) return sigma;
  return sigma * std::sqrt(target / rho);
}

}  // namespace egeot
