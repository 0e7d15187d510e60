#pragma once
// g(y, eps) and grad_y g(y, eps) of an eps-conditioned (FiLM) potential (potential.h), by hand
// instead of by autograd, as fused_gradient.h does for single-eps MLPs. The per-chain FiLM
// gains and shifts, the eps feature's share of the first layer and the prior anchor's weight
// depend on eps alone: set_eps computes them once, and every gradient call after it runs only
// the y-dependent GEMMs (forward, then back through the transposed weights). A sampler calls
// set_eps once per run, or once per step while tempering moves eps.
// Buffers are reused while the batch size, device and dtype stay the same.
#include "core/nets/activation_kernels.h"
#include "core/nets/potential.h"

#include <torch/types.h>

#include <utility>
#include <vector>

namespace egeot {

class FusedFilmGradient {
 public:
  // g must be eps-conditioned. Holds its parameter tensors themselves, never copies, so
  // in-place optimiser steps between calls are seen once set_eps runs again.
  explicit FusedFilmGradient(Potential g);

  // Each chain's eps ([n], true eps, on the parameters' device).
  void set_eps(const torch::Tensor& eps);

  // grad_y g(y, eps) [n, D] for y [n, D], with the eps of the last set_eps (same n). The result
  // lives in a buffer the next call overwrites. Never builds a graph.
  torch::Tensor gradient(const torch::Tensor& y);
  // {g(y, eps) [n], grad_y g(y, eps) [n, D]}, both in buffers the next call overwrites.
  std::pair<torch::Tensor, torch::Tensor> value_and_gradient(const torch::Tensor& y);

 private:
  void check_input(const torch::Tensor& y) const;
  void ensure_buffers(const torch::Tensor& y);
  void forward(const torch::Tensor& y, bool with_value);
  void backward(const torch::Tensor& y);

  Potential g_;
  ActivationKind activation_{};
  double slope_ = 0, anchor_ = 0;
  // embed: two Linear(+SiLU) layers; hidden: Linear layers (the first sees [y, t]); film:
  // per hidden layer the head giving [gamma, beta]; out: the output layer.
  std::vector<torch::Tensor> embed_w_, embed_b_, hidden_w_, hidden_b_, film_w_, film_b_;
  torch::Tensor out_w_, out_b_;
  // Per set_eps: per hidden layer 1 + gamma and beta [n, width]; the first layer's bias plus
  // its eps-feature column times t [n, width0]; the anchor's per-chain weight [n, 1].
  std::vector<torch::Tensor> gain_, shift_;
  torch::Tensor first_bias_, anchor_weight_;
  std::vector<torch::Tensor> pre_, act_in_, post_, delta_;  // per hidden layer
  torch::Tensor value_, grad_;
};

}  // namespace egeot
