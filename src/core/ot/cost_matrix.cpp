#include "core/ot/cost_matrix.h"

#include <torch/torch.h>

#include <algorithm>

namespace egeot {

torch::Tensor cost_matrix(const Cost& cost, const torch::Tensor& x, const torch::Tensor& y,
                          int64_t chunk_elems) {
  torch::NoGradGuard no_grad;
  auto xd = x.to(torch::kCPU, torch::kFloat64);
  auto yd = y.to(torch::kCPU, torch::kFloat64);
  const int64_t n = xd.size(0), m = yd.size(0);
  auto out = torch::empty({n, m}, torch::kFloat64);
  // Each pair expands to both points' coordinates: bound the values, not the pairs, so an
  // image cost (784 pixels a pair) stays as small as a 2D one.
  const int64_t per_pair = std::max<int64_t>(m, 1) * std::max<int64_t>({xd.size(1), yd.size(1), 1});
  const int64_t rows = std::max<int64_t>(1, chunk_elems / per_pair);
  for (int64_t i = 0; i < n; i += rows) {
    const int64_t r = std::min(rows, n - i);
    auto xs = xd.slice(0, i, i + r).unsqueeze(1).expand({r, m, xd.size(1)}).reshape({r * m, -1});
    auto ys = yd.unsqueeze(0).expand({r, m, yd.size(1)}).reshape({r * m, -1});
    out.slice(0, i, i + r).copy_(cost.value(xs, ys).reshape({r, m}));
  }
  return out;
}

}  // namespace egeot
