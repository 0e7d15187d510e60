#include "core/nets/activation_kernels.h"

#include <torch/torch.h>

namespace egeot {

ActivationKind activation_kind(const std::string& name) {
  if (name == "leaky_relu") return ActivationKind::LeakyRelu;
  if (name == "relu") return ActivationKind::Relu;
  if (name == "silu") return ActivationKind::Silu;
  if (name == "softplus") return ActivationKind::Softplus;
  if (name == "tanh") return ActivationKind::Tanh;
  TORCH_CHECK(name == "elu", "activation kernels: unknown activation '", name, "'");
  return ActivationKind::Elu;
}

// The constants below are those of torch::nn's modules as potential.cpp builds them
// (Softplus: beta 1, threshold 20; ELU: alpha 1), so both paths compute the same function.
void activate(ActivationKind a, double slope, const torch::Tensor& pre, torch::Tensor& post) {
  switch (a) {
    case ActivationKind::LeakyRelu:
      at::leaky_relu_out(post, pre, slope);
      return;
    case ActivationKind::Relu:
      at::clamp_min_out(post, pre, 0);
      return;
    case ActivationKind::Silu:
      at::silu_out(post, pre);
      return;
    case ActivationKind::Softplus:
      at::softplus_out(post, pre, 1, 20);
      return;
    case ActivationKind::Tanh:
      at::tanh_out(post, pre);
      return;
    case ActivationKind::Elu:
      at::elu_out(post, pre, 1, 1, 1);
      return;
  }
}

void activation_backward(ActivationKind a, double slope, const torch::Tensor& upstream,
                         const torch::Tensor& pre, const torch::Tensor& post, torch::Tensor& out) {
  switch (a) {
    case ActivationKind::LeakyRelu:
      at::leaky_relu_backward_out(out, upstream, pre, slope, false);
      return;
    case ActivationKind::Relu:
      at::threshold_backward_out(out, upstream, pre, 0);
      return;
    case ActivationKind::Silu:
      at::silu_backward_out(out, upstream, pre);
      return;
    case ActivationKind::Softplus:
      at::softplus_backward_out(out, upstream, pre, 1, 20);
      return;
    case ActivationKind::Tanh:
      at::tanh_backward_out(out, upstream, post);
      return;
    case ActivationKind::Elu:
      at::elu_backward_out(out, upstream, 1, 1, 1, false, pre);
      return;
  }
}

}  // namespace egeot
