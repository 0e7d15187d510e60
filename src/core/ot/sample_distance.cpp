#include "core/ot/sample_distance.h"

#include "base/error.h"

#include <torch/torch.h>

namespace egeot {
namespace {

// sum_ij |a_i - b_j|, in row chunks so memory stays ~32 MB.
double pairwise_distance_sum(const torch::Tensor& a, const torch::Tensor& b) {
  const int64_t rows = std::max<int64_t>(1, (int64_t{1} << 22) / std::max<int64_t>(b.size(0), 1));
  double total = 0;
  for (int64_t i = 0; i < a.size(0); i += rows) {
    total += torch::cdist(a.slice(0, i, std::min(i + rows, a.size(0))), b).sum().item<double>();
  }
  return total;
}

}  // namespace

double energy_distance(const torch::Tensor& a, const torch::Tensor& b) {
  if (a.dim() != 2 || b.dim() != 2 || a.size(1) != b.size(1) || a.size(0) < 2 || b.size(0) < 2) {
    throw InputError("energy distance: expected samples [n >= 2, D] and [m >= 2, D] of one dimension");
  }
  auto x = a.to(torch::kCPU, torch::kFloat64), y = b.to(torch::kCPU, torch::kFloat64);
  const double n = static_cast<double>(x.size(0)), m = static_cast<double>(y.size(0));
  // Diagonals of the within-sample sums are zero, so dividing by n(n-1) gives the U-statistic.
  return 2 * pairwise_distance_sum(x, y) / (n * m) - pairwise_distance_sum(x, x) / (n * (n - 1)) -
         pairwise_distance_sum(y, y) / (m * (m - 1));
}

}  // namespace egeot
