#pragma once
// The potential network g(y): an MLP from R^D to R. The trainer stores
// g = sigma^2 / (s eps) * f (the reference implementation's parametrisation); f itself is
// recovered with EgeotTrainer::f_scale().
#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include <string>
#include <vector>

namespace egeot {

struct PotentialSpec {
  int64_t dim = 2;
  std::vector<int64_t> widths{128, 128, 128};
  std::string activation = "leaky_relu";  // leaky_relu, relu, silu, softplus, tanh, elu
  double negative_slope = 0.2;            // for leaky_relu
  bool operator==(const PotentialSpec& o) const {
    return dim == o.dim && widths == o.widths && activation == o.activation &&
           negative_slope == o.negative_slope;
  }
};

bool known_activation(const std::string& name);
std::string activation_names();

class PotentialImpl : public torch::nn::Module {
 public:
  explicit PotentialImpl(const PotentialSpec& spec);
  // y: [n, D] -> [n]
  torch::Tensor forward(const torch::Tensor& y);
  const PotentialSpec& spec() const { return spec_; }

 private:
  PotentialSpec spec_;
  torch::nn::Sequential net_{nullptr};
};
TORCH_MODULE(Potential);

}  // namespace egeot
