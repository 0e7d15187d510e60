#pragma once
// The potential network g(y): an MLP from R^D to R. The trainer stores
// g = sigma^2 / (s eps) * f (the reference implementation's parametrisation); f itself is
// recovered with EgeotTrainer::f_scale().
// With an eps range it is g(y, eps): the MLP sees y and the eps feature t (log eps
// mapped onto [-1, 1]), and a small embedding of t modulates every hidden layer (FiLM:
// a <- a (1 + gamma(t)) + beta(t)). FiLM because the family of potentials changes shape
// with eps (e.g. a quadratic whose curvature depends on eps), which a per-unit gain
// expresses directly; its heads start at zero, so training starts from a plain MLP.
#include "core/nets/eps_conditioning.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <string>
#include <vector>

namespace egeot {

struct PotentialSpec {
  int64_t dim = 2;
  std::vector<int64_t> widths{128, 128, 128};
  std::string activation = "leaky_relu";  // leaky_relu, relu, silu, softplus, tanh, elu
  double negative_slope = 0.2;            // for leaky_relu
  EpsRange eps_range;                     // active: an eps-conditioned network
  // Image scenes' prior anchor (0: none): g gains -anchor w(eps) |y|^2 / 2, w = 1 for one eps,
  // eps/(eps + knee) with a range. With anchor = sigma^2/s that is f = -eps |y|^2/2, the exact
  // potential of the independent coupling onto N(0, I), so the network learns only what the
  // cost changes and chains stay confined while it does.
  double prior_anchor = 0;
  bool operator==(const PotentialSpec& o) const {
    return dim == o.dim && widths == o.widths && activation == o.activation &&
           negative_slope == o.negative_slope && eps_range == o.eps_range &&
           prior_anchor == o.prior_anchor;
  }
};

bool known_activation(const std::string& name);
std::string activation_names();

class PotentialImpl : public torch::nn::Module {
 public:
  explicit PotentialImpl(const PotentialSpec& spec);
  // y: [n, D] -> [n], single-eps networks only.
  torch::Tensor forward(const torch::Tensor& y);
  // y: [n, D], eps: [n] (true eps, on y's device) -> [n], eps-conditioned networks only.
  torch::Tensor forward(const torch::Tensor& y, const torch::Tensor& eps);
  bool conditioned() const { return spec_.eps_range.active(); }
  // Single-eps networks: the Linear layers in order, the output layer last, for code that
  // evaluates the MLP without autograd (fused_gradient.h). Empty for eps-conditioned ones.
  std::vector<torch::nn::Linear> linear_layers() const;
  const PotentialSpec& spec() const { return spec_; }

 private:
  PotentialSpec spec_;
  torch::nn::Sequential net_{nullptr};  // single eps
  // eps-conditioned: hidden layers, their FiLM heads, the eps embedding and the output.
  torch::nn::ModuleList layers_{nullptr}, film_{nullptr};
  torch::nn::Sequential embed_{nullptr};
  torch::nn::Linear out_{nullptr};
  torch::nn::AnyModule activation_;
};
TORCH_MODULE(Potential);

}  // namespace egeot
