#include "core/nets/conditional_log_density.h"

#include <torch/torch.h>

namespace egeot {

ConditionalLogDensity::ConditionalLogDensity(Potential& g, const Cost& cost, torch::Tensor x,
                                             torch::Tensor eps, torch::Tensor score,
                                             torch::Tensor inv_eps, double grad_clip, bool fused)
    : g_(g),
      cost_(cost),
      x_(std::move(x)),
      eps_(std::move(eps)),
      score_(std::move(score)),
      inv_eps_(std::move(inv_eps)),
      grad_clip_(grad_clip) {
  if (fused && !g_->conditioned()) fused_.emplace(g_);
}

ConditionalLogDensity::Value ConditionalLogDensity::operator()(const torch::Tensor& y) {
  ++evaluations_;
  torch::Tensor value, grad_g;
  if (fused_) {
    auto [v, gr] = fused_->value_and_gradient(y);
    // Buffers the next call overwrites: everything kept below is computed from them anew.
    value = v;
    grad_g = gr;
  } else {
    torch::AutoGradMode enable(true);
    auto yg = y.detach().requires_grad_(true);
    auto energy = eps_.defined() ? g_->forward(yg, eps_) : g_->forward(yg);
    grad_g = torch::autograd::grad({energy.sum()}, {yg})[0];
    value = energy.detach();
  }
  if (grad_clip_ > 0) {
    auto norm = grad_g.norm(2, -1, /*keepdim=*/true).clamp_min(1e-12);
    grad_g = grad_g * (grad_clip_ / norm).clamp_max(1.0);
  }
  Value out;
  torch::Tensor cost_value, cost_grad;
  {
    torch::NoGradGuard no_grad;
    cost_value = cost_.value(x_, y);
  }
  cost_grad = cost_.grad_y(x_, y);
  out.log_p = (score_.squeeze(1) * value - inv_eps_.squeeze(1) * cost_value.detach()).detach();
  out.score_grad = score_ * grad_g;
  out.grad = out.score_grad - inv_eps_ * cost_grad.detach();
  return out;
}

}  // namespace egeot
