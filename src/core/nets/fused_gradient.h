#pragma once
// g(y) and grad_y g(y) of a single-eps potential, computed by hand instead of by autograd.
// The Langevin sampler needs grad_y g at every step; at the batch sizes the scenes use
// (a few hundred chains, widths ~128), autograd's per-op dispatch and graph building are a
// large share of that step's cost. Here the forward pass writes each layer into a buffer kept for
// the backward pass, which multiplies by each activation's derivative (ATen's own backward
// kernels, so the numbers match autograd's) and by the weights. Buffers are reused while
// the batch size, device and dtype stay the same, so a sampler run allocates once.
// Pure tensor ops: the same code runs on CPU and CUDA.
//
// eps-conditioned (FiLM) potentials: fused_film_gradient.h.
#include "core/nets/activation_kernels.h"
#include "core/nets/potential.h"

#include <torch/types.h>

#include <utility>
#include <vector>

namespace egeot {

class FusedGradient {
 public:
  // g must be a single-eps potential. Holds its parameter tensors themselves, never copies,
  // so in-place optimiser steps between calls are seen; parameters replaced by new tensors
  // are not (build one per sampler run).
  explicit FusedGradient(Potential g);

  // grad_y g(y): [n, D] for y [n, D]. The result lives in a buffer the next call
  // overwrites. Never builds a graph.
  torch::Tensor gradient(const torch::Tensor& y);
  // {g(y) [n], grad_y g(y) [n, D]}, both in buffers the next call overwrites.
  std::pair<torch::Tensor, torch::Tensor> value_and_gradient(const torch::Tensor& y);

 private:
  void check_input(const torch::Tensor& y) const;
  void ensure_buffers(const torch::Tensor& y);
  void forward(const torch::Tensor& y, bool with_value);
  void backward(const torch::Tensor& y);

  Potential g_;
  ActivationKind activation_{};
  double slope_ = 0, anchor_ = 0;  // leaky_relu's negative slope; the prior anchor (potential.h)
  std::vector<torch::Tensor> weights_, weights_t_, biases_;  // hidden layers, then the output
  std::vector<torch::Tensor> pre_, post_;  // per hidden layer: before and after the activation
  std::vector<torch::Tensor> delta_;       // per hidden layer: d g / d (pre-activation)
  torch::Tensor value_, grad_;
};

}  // namespace egeot
