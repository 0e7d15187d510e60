#pragma once
// The potential's activations and their derivatives as out-of-place ATen kernels, for code that
// differentiates the network by hand (fused_gradient.h, fused_film_gradient.h). The backward
// kernels are the very ones autograd runs, so both paths give the same numbers.
#include <torch/types.h>

#include <string>

namespace egeot {

enum class ActivationKind : int { LeakyRelu, Relu, Silu, Softplus, Tanh, Elu };

// One of known_activation()'s names (potential.h).
ActivationKind activation_kind(const std::string& name);

// post <- act(pre). slope: leaky_relu's negative slope.
void activate(ActivationKind a, double slope, const torch::Tensor& pre, torch::Tensor& post);

// out <- upstream * act'(pre) (post = act(pre), which tanh's derivative reads). out may be
// upstream itself.
void activation_backward(ActivationKind a, double slope, const torch::Tensor& upstream,
                         const torch::Tensor& pre, const torch::Tensor& post, torch::Tensor& out);

}  // namespace egeot
