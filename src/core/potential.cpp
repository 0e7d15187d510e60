#include "core/potential.h"

#include <torch/torch.h>

namespace egeot {

bool known_activation(const std::string& name) {
  return name == "leaky_relu" || name == "relu" || name == "silu" || name == "softplus" ||
         name == "tanh" || name == "elu";
}

std::string activation_names() { return "leaky_relu, relu, silu, softplus, tanh, elu"; }

namespace {

torch::nn::AnyModule make_activation(const PotentialSpec& spec) {
  const auto& a = spec.activation;
  if (a == "leaky_relu") {
    return torch::nn::AnyModule(
        torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(spec.negative_slope)));
  }
  if (a == "relu") return torch::nn::AnyModule(torch::nn::ReLU());
  if (a == "silu") return torch::nn::AnyModule(torch::nn::SiLU());
  if (a == "softplus") return torch::nn::AnyModule(torch::nn::Softplus());
  if (a == "tanh") return torch::nn::AnyModule(torch::nn::Tanh());
  return torch::nn::AnyModule(torch::nn::ELU());
}

}  // namespace

PotentialImpl::PotentialImpl(const PotentialSpec& spec) : spec_(spec) {
  torch::nn::Sequential net;
  int64_t in = spec.dim;
  for (auto width : spec.widths) {
    net->push_back(torch::nn::Linear(in, width));
    net->push_back(make_activation(spec));
    in = width;
  }
  net->push_back(torch::nn::Linear(in, 1));
  net_ = register_module("net", net);
}

torch::Tensor PotentialImpl::forward(const torch::Tensor& y) { return net_->forward(y).squeeze(-1); }

}  // namespace egeot
