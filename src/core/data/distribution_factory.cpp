#include "core/data/distribution_factory.h"

#include "base/error.h"
#include "base/json_fields.h"
#include "core/data/gaussian_weights.h"
#include "core/data/image_distribution.h"
#include "core/data/toy_distributions.h"

namespace egeot {

std::string distribution_types() {
  return "gaussian, swissroll, 8gaussians, moons, circles, checkerboard, spirals, "
         "benchmark-gaussian, weighted-gaussian, images";
}

std::unique_ptr<Distribution> make_distribution(const nlohmann::json& spec,
                                                const std::string& origin,
                                                const std::string& field) {
  JsonFields f(spec, origin, field);
  const std::string type = f.string("type");
  if (type == "gaussian") {
    return std::make_unique<IsotropicGaussian>(f.integer_or("dim", 2, 1, 4096),
                                               f.number_or("mean", 0.0, -1e6, 1e6),
                                               f.positive_or("std", 1.0));
  }
  if (Toy2D::known(type)) {
    if (f.has("dim") && f.integer("dim", 1, 4096) != 2) f.fail("dim", "2 for a 2D toy");
    return std::make_unique<Toy2D>(type);
  }
  if (type == "benchmark-gaussian") {
    const auto dim = f.integer("dim", 1, 4096);
    const auto role = f.string("role");
    if (role != "source" && role != "target") f.fail("role", "\"source\" or \"target\"");
    const auto file = f.string_or("file", benchmark_weights_path());
    auto pair = load_gaussian_pair(file, dim);
    return std::make_unique<WeightedGaussian>(
        role == "source" ? pair.source_weight : pair.target_weight,
        "benchmark-gaussian-" + std::to_string(dim) + "-" + role);
  }
  if (type == "weighted-gaussian") {
    return std::make_unique<WeightedGaussian>(f.matrix("weight"));
  }
  if (type == "images") return make_image_distribution(spec, origin, field);
  f.fail("type", "one of " + distribution_types());
}

}  // namespace egeot
