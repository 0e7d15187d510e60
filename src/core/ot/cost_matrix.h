#pragma once
// The matrix c(x_i, y_j) of a Cost over all pairs, built by broadcasting rows of x against
// the y's in chunks, so any Cost (not only 1/2|x-y|^2) fits the ground truths that need it.
#include "core/ot/cost.h"

#include <torch/types.h>

namespace egeot {

// x: [n, Dx], y: [m, Dy] -> [n, m] float64 on the CPU. Cost::value is called with float64
// tensors on the pairs of at most max(chunk_elems / (m max(Dx, Dy)), 1) rows of x at a time,
// so each call holds about chunk_elems coordinates per side.
torch::Tensor cost_matrix(const Cost& cost, const torch::Tensor& x, const torch::Tensor& y,
                          int64_t chunk_elems = 1 << 20);

}  // namespace egeot
