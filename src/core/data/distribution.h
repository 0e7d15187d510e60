#pragma once
// Samplers for the source P and target Q. Each draws from torch's generator, so a
// seed fixed with torch::manual_seed reproduces a run.
#include <torch/types.h>

#include <memory>
#include <nlohmann/json.hpp>
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

// Builds a distribution from its scene entry, e.g. {"type": "swissroll"} or
// {"type": "benchmark-gaussian", "dim": 16, "role": "target"}. origin/field name the
// place in the scene file for errors.
std::unique_ptr<Distribution> make_distribution(const nlohmann::json& spec, const std::string& origin,
                                                const std::string& field);

// The names make_distribution accepts, for help texts.
std::string distribution_types();

}  // namespace egeot
