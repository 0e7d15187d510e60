#pragma once
// Samplers for the source P and target Q. Each draws from torch's generator, so a
// seed fixed with torch::manual_seed reproduces a run.
#include <torch/types.h>

#include <string>

namespace egeot {

class Distribution {
 public:
  virtual ~Distribution() = default;
  // n samples as a [n, dim()] float tensor on the CPU.
  virtual torch::Tensor sample(int64_t n) const = 0;
  virtual int64_t dim() const = 0;
  virtual std::string name() const = 0;
};

}  // namespace egeot
