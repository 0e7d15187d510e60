#include "core/nets/potential.h"

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

namespace {
constexpr int64_t kEpsEmbedding = 32;  // width of the eps embedding feeding the FiLM heads
}  // namespace

PotentialImpl::PotentialImpl(const PotentialSpec& spec) : spec_(spec) {
  if (conditioned()) {
    activation_ = make_activation(spec);
    embed_ = register_module("embed", torch::nn::Sequential(torch::nn::Linear(1, kEpsEmbedding), torch::nn::SiLU(),
                                                            torch::nn::Linear(kEpsEmbedding, kEpsEmbedding),
                                                            torch::nn::SiLU()));
    layers_ = register_module("layers", torch::nn::ModuleList());
    film_ = register_module("film", torch::nn::ModuleList());
    int64_t in = spec.dim + 1;  // y and the eps feature
    for (auto width : spec.widths) {
      layers_->push_back(torch::nn::Linear(in, width));
      torch::nn::Linear head(kEpsEmbedding, 2 * width);
      torch::NoGradGuard no_grad;
      head->weight.zero_();
      head->bias.zero_();
      film_->push_back(head);
      in = width;
    }
    out_ = register_module("out", torch::nn::Linear(in, 1));
    return;
  }
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

std::vector<torch::nn::Linear> PotentialImpl::linear_layers() const {
  std::vector<torch::nn::Linear> out;
  if (conditioned()) return out;
  for (const auto& m : *net_) {
    if (auto linear = std::dynamic_pointer_cast<torch::nn::LinearImpl>(m.ptr())) out.emplace_back(linear);
  }
  return out;
}

torch::Tensor PotentialImpl::forward(const torch::Tensor& y) {
  TORCH_CHECK(!conditioned(), "an eps-conditioned potential needs eps: forward(y, eps)");
  auto g = net_->forward(y).squeeze(-1);
  if (spec_.prior_anchor > 0) g = g - (0.5 * spec_.prior_anchor) * y.pow(2).sum(-1);
  return g;
}

torch::Tensor PotentialImpl::forward(const torch::Tensor& y, const torch::Tensor& eps) {
  TORCH_CHECK(conditioned(), "a single-eps potential takes no eps: forward(y)");
  auto t = eps_feature(eps.to(y.dtype()), spec_.eps_range);
  auto e = embed_->forward(t);
  auto h = torch::cat({y, t}, -1);
  for (size_t l = 0; l < layers_->size(); ++l) {
    auto a = layers_[l]->as<torch::nn::Linear>()->forward(h);
    auto gb = film_[l]->as<torch::nn::Linear>()->forward(e).chunk(2, -1);
    h = activation_.forward(a * (1 + gb[0]) + gb[1]);
  }
  auto g = out_->forward(h).squeeze(-1);
  if (spec_.prior_anchor > 0) {
    g = g - (0.5 * spec_.prior_anchor) * (eps / (eps + spec_.eps_range.knee)) * y.pow(2).sum(-1);
  }
  return g;
}

}  // namespace egeot
