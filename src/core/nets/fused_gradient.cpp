#include "core/nets/fused_gradient.h"

#include "core/nets/activation_kernels.h"

#include <torch/torch.h>

namespace egeot {

FusedGradient::FusedGradient(Potential g) : g_(std::move(g)) {
  TORCH_CHECK(!g_->conditioned(), "the fused gradient covers single-eps potentials only");
  activation_ = activation_kind(g_->spec().activation);
  slope_ = g_->spec().negative_slope;
  anchor_ = g_->spec().prior_anchor;
  torch::NoGradGuard no_grad;
  for (const auto& layer : g_->linear_layers()) {
    weights_.push_back(layer->weight);
    weights_t_.push_back(layer->weight.t());
    biases_.push_back(layer->bias);
  }
  TORCH_CHECK(!weights_.empty() && weights_.back().size(0) == 1, "fused gradient: expected an MLP to R");
}

void FusedGradient::ensure_buffers(const torch::Tensor& y) {
  const int64_t n = y.size(0);
  const auto options = y.options().requires_grad(false);
  if (grad_.defined() && grad_.size(0) == n && grad_.device() == y.device() && grad_.dtype() == y.dtype()) return;
  const size_t hidden = weights_.size() - 1;
  pre_.assign(hidden, {});
  post_.assign(hidden, {});
  delta_.assign(hidden, {});
  for (size_t l = 0; l < hidden; ++l) {
    const int64_t width = weights_[l].size(0);
    pre_[l] = torch::empty({n, width}, options);
    post_[l] = torch::empty({n, width}, options);
    delta_[l] = torch::empty({n, width}, options);
  }
  value_ = torch::empty({n, 1}, options);
  grad_ = torch::empty({n, y.size(1)}, options);
}

void FusedGradient::forward(const torch::Tensor& y, bool with_value) {
  const torch::Tensor* h = &y;
  for (size_t l = 0; l + 1 < weights_.size(); ++l) {
    at::addmm_out(pre_[l], biases_[l], *h, weights_t_[l]);
    activate(activation_, slope_, pre_[l], post_[l]);
    h = &post_[l];
  }
  // Without the value the output layer is skipped: its weight row is all the backward needs.
  if (!with_value) return;
  at::addmm_out(value_, biases_.back(), *h, weights_t_.back());
  if (anchor_ > 0) value_.sub_(y.square().sum(-1, /*keepdim=*/true), 0.5 * anchor_);
}

void FusedGradient::backward(const torch::Tensor& y) {
  const size_t hidden = weights_.size() - 1;
  const int64_t n = y.size(0);
  if (hidden == 0) {
    grad_.copy_(weights_.back().expand({n, y.size(1)}));
  } else {
    // d g / d post_[last] is the output layer's weight row, the same for every chain.
    const size_t last = hidden - 1;
    activation_backward(activation_, slope_, weights_.back().expand({n, weights_.back().size(1)}), pre_[last], post_[last],
                        delta_[last]);
    for (size_t l = last; l > 0; --l) {
      at::mm_out(delta_[l - 1], delta_[l], weights_[l]);
      activation_backward(activation_, slope_, delta_[l - 1], pre_[l - 1], post_[l - 1], delta_[l - 1]);
    }
    at::mm_out(grad_, delta_[0], weights_[0]);
  }
  if (anchor_ > 0) grad_.add_(y, -anchor_);
}

void FusedGradient::check_input(const torch::Tensor& y) const {
  TORCH_CHECK(y.dim() == 2 && y.size(1) == g_->spec().dim, "fused gradient: expected y of shape [n, ",
              g_->spec().dim, "], got ", y.sizes());
}

torch::Tensor FusedGradient::gradient(const torch::Tensor& y) {
  check_input(y);
  torch::NoGradGuard no_grad;
  ensure_buffers(y);
  forward(y, /*with_value=*/false);
  backward(y);
  return grad_;
}

std::pair<torch::Tensor, torch::Tensor> FusedGradient::value_and_gradient(const torch::Tensor& y) {
  check_input(y);
  torch::NoGradGuard no_grad;
  ensure_buffers(y);
  forward(y, /*with_value=*/true);
  backward(y);
  return {value_.squeeze(1), grad_};
}

}  // namespace egeot
