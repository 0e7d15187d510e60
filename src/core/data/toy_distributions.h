#pragma once
// The 2D toy distributions, on the scales the EgEOT and FFJORD papers use.
#include "core/data/distribution.h"

namespace egeot {

// N(mean, std^2 I) in any dimension.
class IsotropicGaussian : public Distribution {
 public:
  IsotropicGaussian(int64_t dim, double mean, double std) : dim_(dim), mean_(mean), std_(std) {}
  torch::Tensor sample(int64_t n) const override;
  int64_t dim() const override { return dim_; }
  std::string name() const override { return "gaussian"; }

 private:
  int64_t dim_;
  double mean_;
  double std_;
};

// A named 2D toy: swissroll, 8gaussians, moons, circles, checkerboard, spirals.
class Toy2D : public Distribution {
 public:
  explicit Toy2D(std::string kind) : kind_(std::move(kind)) {}
  torch::Tensor sample(int64_t n) const override;
  int64_t dim() const override { return 2; }
  std::string name() const override { return kind_; }
  static bool known(const std::string& kind);

 private:
  std::string kind_;
};

}  // namespace egeot
