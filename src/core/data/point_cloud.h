#pragma once
// A user's own points as a distribution: a CSV of 2D points ("x,y" per row, an optional
// header row of names), sampled by drawing its rows uniformly with replacement, plus an
// optional Gaussian jitter of standard deviation `bandwidth` (0: the empirical measure itself;
// above 0 a kernel density, so a few hundred drawn points still make a smooth target).
#include "core/data/distribution.h"

#include <string>

namespace egeot {

class PointCloud : public Distribution {
 public:
  // points: [n, 2] float, n >= 2.
  PointCloud(torch::Tensor points, double bandwidth, std::string name);
  torch::Tensor sample(int64_t n) const override;
  int64_t dim() const override { return points_.size(1); }
  std::string name() const override { return name_; }
  const torch::Tensor& points() const { return points_; }
  double bandwidth() const { return bandwidth_; }

 private:
  torch::Tensor points_;
  double bandwidth_;
  std::string name_;
};

// Reads a CSV of 2D points as [n, 2] float. Throws InputError naming the file and, for a bad
// row, its line number and column: a field that is not a number, NaN or Inf, a row without
// exactly two fields, fewer than two points, or an unreadable or oversized file.
torch::Tensor read_point_csv(const std::string& path);

}  // namespace egeot
