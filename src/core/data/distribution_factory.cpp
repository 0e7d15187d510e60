#include "core/data/distribution_factory.h"

#include "base/error.h"
#include "base/json_fields.h"
#include "core/data/density_image.h"
#include "core/data/gaussian_weights.h"
#include "core/data/image_distribution.h"
#include "core/data/point_cloud.h"
#include "core/data/toy_distributions.h"

#include <cmath>
#include <filesystem>

namespace egeot {

std::string distribution_types() {
  return "gaussian, swissroll, 8gaussians, moons, circles, checkerboard, spirals, "
         "benchmark-gaussian, weighted-gaussian, images, points, density-image";
}

nlohmann::json with_data_paths(const nlohmann::json& spec, const std::string& base_dir) {
  namespace fs = std::filesystem;
  if (!spec.is_object() || !spec.contains("file") || !spec["file"].is_string()) return spec;
  const auto type = spec.value("type", std::string());
  if (type != "points" && type != "density-image") return spec;
  const fs::path file = spec["file"].get<std::string>();
  if (file.empty() || file.is_absolute()) return spec;
  nlohmann::json out = spec;
  std::error_code ec;
  out["file"] = fs::absolute(fs::path(base_dir) / file, ec).lexically_normal().string();
  return out;
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
  if (type == "points") {
    const auto file = f.string("file");
    const double bandwidth = f.number_or("bandwidth", 0.0, 0.0, 1e6);
    return std::make_unique<PointCloud>(read_point_csv(file), bandwidth,
                                        "points:" + std::filesystem::path(file).stem().string());
  }
  if (type == "density-image") {
    const auto file = f.string("file");
    const auto mass = read_density_png(file, f.has("invert") && f.boolean("invert"));
    DensityExtent e = default_extent(mass.size(0), mass.size(1));
    if (f.has("extent")) {
      const auto& r = f.raw().at("extent");
      const std::string expected = "[xmin, xmax, ymin, ymax] with xmin < xmax and ymin < ymax";
      if (!r.is_array() || r.size() != 4) f.fail("extent", expected);
      for (const auto& v : r) {
        if (!v.is_number() || !std::isfinite(v.get<double>()) || std::abs(v.get<double>()) > 1e6) {
          f.fail("extent", expected);
        }
      }
      e = {r[0].get<double>(), r[1].get<double>(), r[2].get<double>(), r[3].get<double>()};
      if (!(e.x0 < e.x1 && e.y0 < e.y1)) f.fail("extent", expected);
    }
    return std::make_unique<DensityImage>(mass, e,
                                          "density:" + std::filesystem::path(file).stem().string());
  }
  f.fail("type", "one of " + distribution_types());
}

}  // namespace egeot
