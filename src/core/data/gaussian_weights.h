#pragma once
// Gaussians given by a weight matrix W (samples W xi, xi ~ N(0, I); covariance W W^T),
// among them the pairs of the Gaussian-to-Gaussian entropic OT benchmark.
#include "core/data/distribution.h"

#include <vector>

namespace egeot {

using Matrix = std::vector<std::vector<double>>;

struct GaussianPair {
  Matrix source_weight;
  Matrix target_weight;
};

// Reads the pair for dimension dim from a file in the benchmark's format
// ({"dims": {"2": {"source_weight": ..., "target_weight": ...}}}); throws InputError
// naming the file and what is wrong (missing dimension, wrong shape).
GaussianPair load_gaussian_pair(const std::string& path, int64_t dim);

// The benchmark file shipped in assets/.
std::string benchmark_weights_path();

class WeightedGaussian : public Distribution {
 public:
  explicit WeightedGaussian(const Matrix& weight, std::string name = "weighted-gaussian");
  torch::Tensor sample(int64_t n) const override;
  int64_t dim() const override { return weight_.size(0); }
  std::string name() const override { return name_; }
  const torch::Tensor& weight() const { return weight_; }  // float64 [D, D]

 private:
  torch::Tensor weight_;
  std::string name_;
};

torch::Tensor to_tensor(const Matrix& m);  // float64

}  // namespace egeot
