#include "core/nets/fused_film_gradient.h"

#include <torch/torch.h>

#include <map>
#include <string>

namespace egeot {

FusedFilmGradient::FusedFilmGradient(Potential g) : g_(std::move(g)) {
  TORCH_CHECK(g_->conditioned(), "the fused FiLM gradient covers eps-conditioned potentials only");
  activation_ = activation_kind(g_->spec().activation);
  slope_ = g_->spec().negative_slope;
  anchor_ = g_->spec().prior_anchor;
  // By name, as potential.cpp registers them: embed.{0,2}, layers.l, film.l, out.
  std::map<std::string, torch::Tensor> p;
  for (const auto& item : g_->named_parameters()) p[item.key()] = item.value();
  auto get = [&](const std::string& name) {
    auto it = p.find(name);
    TORCH_CHECK(it != p.end(), "fused FiLM gradient: the potential has no parameter ", name);
    return it->second;
  };
  for (const char* l : {"0", "2"}) {
    embed_w_.push_back(get(std::string("embed.") + l + ".weight"));
    embed_b_.push_back(get(std::string("embed.") + l + ".bias"));
  }
  for (size_t l = 0; l < g_->spec().widths.size(); ++l) {
    const auto i = std::to_string(l);
    hidden_w_.push_back(get("layers." + i + ".weight"));
    hidden_b_.push_back(get("layers." + i + ".bias"));
    film_w_.push_back(get("film." + i + ".weight"));
    film_b_.push_back(get("film." + i + ".bias"));
  }
  out_w_ = get("out.weight");
  out_b_ = get("out.bias");
  TORCH_CHECK(!hidden_w_.empty(), "fused FiLM gradient: expected at least one hidden layer");
}

void FusedFilmGradient::set_eps(const torch::Tensor& eps) {
  TORCH_CHECK(eps.dim() == 1, "fused FiLM gradient: expected eps of shape [n], got ", eps.sizes());
  torch::NoGradGuard no_grad;
  const auto& spec = g_->spec();
  auto e = eps.to(hidden_w_[0].dtype());
  auto t = eps_feature(e, spec.eps_range);  // [n, 1]
  auto emb = torch::silu(torch::addmm(embed_b_[0], t, embed_w_[0].t()));
  emb = torch::silu(torch::addmm(embed_b_[1], emb, embed_w_[1].t()));
  gain_.clear();
  shift_.clear();
  for (size_t l = 0; l < hidden_w_.size(); ++l) {
    auto gb = torch::addmm(film_b_[l], emb, film_w_[l].t()).chunk(2, -1);
    gain_.push_back((1 + gb[0]).contiguous());
    shift_.push_back(gb[1].contiguous());
  }
  // [y, t] W0^T + b0 = y W0[:, :D]^T + (t W0[:, D]^T + b0).
  const int64_t dim = spec.dim;
  first_bias_ = torch::addmm(hidden_b_[0], t, hidden_w_[0].slice(1, dim, dim + 1).t());
  anchor_weight_ = (e / (e + spec.eps_range.knee)).reshape({-1, 1});
}

void FusedFilmGradient::ensure_buffers(const torch::Tensor& y) {
  const int64_t n = y.size(0);
  const auto options = y.options().requires_grad(false);
  if (grad_.defined() && grad_.size(0) == n && grad_.device() == y.device() &&
      grad_.dtype() == y.dtype())
    return;
  const size_t hidden = hidden_w_.size();
  pre_.assign(hidden, {});
  act_in_.assign(hidden, {});
  post_.assign(hidden, {});
  delta_.assign(hidden, {});
  for (size_t l = 0; l < hidden; ++l) {
    const int64_t width = hidden_w_[l].size(0);
    pre_[l] = torch::empty({n, width}, options);
    act_in_[l] = torch::empty({n, width}, options);
    post_[l] = torch::empty({n, width}, options);
    delta_[l] = torch::empty({n, width}, options);
  }
  value_ = torch::empty({n, 1}, options);
  grad_ = torch::empty({n, y.size(1)}, options);
}

void FusedFilmGradient::forward(const torch::Tensor& y, bool with_value) {
  const int64_t dim = g_->spec().dim;
  for (size_t l = 0; l < hidden_w_.size(); ++l) {
    if (l == 0) {
      at::addmm_out(pre_[0], first_bias_, y, hidden_w_[0].slice(1, 0, dim).t());
    } else {
      at::addmm_out(pre_[l], hidden_b_[l], post_[l - 1], hidden_w_[l].t());
    }
    at::addcmul_out(act_in_[l], shift_[l], pre_[l], gain_[l]);  // a (1 + gamma) + beta
    activate(activation_, slope_, act_in_[l], post_[l]);
  }
  if (!with_value) return;
  at::addmm_out(value_, out_b_, post_.back(), out_w_.t());
  if (anchor_ > 0)
    value_.sub_(0.5 * anchor_ * anchor_weight_ * y.square().sum(-1, /*keepdim=*/true));
}

void FusedFilmGradient::backward(const torch::Tensor& y) {
  const int64_t n = y.size(0), dim = g_->spec().dim;
  const size_t last = hidden_w_.size() - 1;
  // d g / d post[last] is the output layer's weight row, the same for every chain; then
  // d/d act_in by the activation's derivative and d/d pre by the FiLM gain.
  activation_backward(activation_, slope_, out_w_.expand({n, out_w_.size(1)}), act_in_[last],
                      post_[last], delta_[last]);
  delta_[last].mul_(gain_[last]);
  for (size_t l = last; l > 0; --l) {
    at::mm_out(delta_[l - 1], delta_[l], hidden_w_[l]);
    activation_backward(activation_, slope_, delta_[l - 1], act_in_[l - 1], post_[l - 1],
                        delta_[l - 1]);
    delta_[l - 1].mul_(gain_[l - 1]);
  }
  at::mm_out(grad_, delta_[0], hidden_w_[0].slice(1, 0, dim));
  if (anchor_ > 0) grad_.sub_(anchor_ * anchor_weight_ * y);
}

void FusedFilmGradient::check_input(const torch::Tensor& y) const {
  TORCH_CHECK(y.dim() == 2 && y.size(1) == g_->spec().dim,
              "fused FiLM gradient: expected y of shape [n, ", g_->spec().dim, "], got ",
              y.sizes());
  TORCH_CHECK(!gain_.empty() && gain_[0].size(0) == y.size(0),
              "fused FiLM gradient: set_eps with one eps per chain first");
}

torch::Tensor FusedFilmGradient::gradient(const torch::Tensor& y) {
  check_input(y);
  torch::NoGradGuard no_grad;
  ensure_buffers(y);
  forward(y, /*with_value=*/false);
  backward(y);
  return grad_;
}

std::pair<torch::Tensor, torch::Tensor> FusedFilmGradient::value_and_gradient(
    const torch::Tensor& y) {
  check_input(y);
  torch::NoGradGuard no_grad;
  ensure_buffers(y);
  forward(y, /*with_value=*/true);
  backward(y);
  return {value_.squeeze(1), grad_};
}

}  // namespace egeot
