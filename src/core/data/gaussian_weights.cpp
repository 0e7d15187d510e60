#include "core/data/gaussian_weights.h"

#include "base/assets.h"
#include "base/error.h"
#include "base/json_fields.h"

#include <torch/torch.h>

#include <algorithm>

namespace egeot {

std::string benchmark_weights_path() { return asset_path("gauss2gauss_weights.json"); }

GaussianPair load_gaussian_pair(const std::string& path, int64_t dim) {
  auto doc = read_json_file(path);
  JsonFields root(doc, path);
  auto dims = root.child("dims");
  const std::string key = std::to_string(dim);
  if (!dims.has(key)) {
    std::vector<int64_t> dims_found;
    for (const auto& item : dims.raw().items()) {
      try {
        dims_found.push_back(std::stoll(item.key()));
      } catch (const std::exception&) {
      }
    }
    std::sort(dims_found.begin(), dims_found.end());
    std::string available;
    for (auto d : dims_found) available += (available.empty() ? "" : ", ") + std::to_string(d);
    throw InputError(path + ": no pair for dimension " + key + " (available: " + available + ")");
  }
  auto entry = dims.child(key);
  GaussianPair pair{entry.matrix("source_weight"), entry.matrix("target_weight")};
  for (const auto* m : {&pair.source_weight, &pair.target_weight}) {
    if (static_cast<int64_t>(m->size()) != dim) {
      entry.fail(m == &pair.source_weight ? "source_weight" : "target_weight",
                 "a " + key + "x" + key + " matrix");
    }
  }
  return pair;
}

torch::Tensor to_tensor(const Matrix& m) {
  const auto rows = static_cast<int64_t>(m.size());
  const auto cols = rows ? static_cast<int64_t>(m[0].size()) : 0;
  auto t = torch::empty({rows, cols}, torch::kFloat64);
  auto a = t.accessor<double, 2>();
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j) a[i][j] = m[i][j];
  return t;
}

WeightedGaussian::WeightedGaussian(const Matrix& weight, std::string name)
    : weight_(to_tensor(weight)), name_(std::move(name)) {}

torch::Tensor WeightedGaussian::sample(int64_t n) const {
  auto xi = torch::randn({n, dim()}, torch::kFloat64);
  return torch::matmul(xi, weight_.t()).to(torch::kFloat);
}

}  // namespace egeot
