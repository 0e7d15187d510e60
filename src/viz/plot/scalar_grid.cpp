#include "viz/plot/scalar_grid.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace egeot::viz {

bool ScalarGrid::sample(double x, double y, float* out) const {
  if (empty() || x < x0 || x > x1 || y < y0 || y > y1) return false;
  const double fx = (x - x0) / (x1 - x0) * (nx - 1), fy = (y - y0) / (y1 - y0) * (ny - 1);
  const int i = std::min(static_cast<int>(fx), nx - 2), j = std::min(static_cast<int>(fy), ny - 2);
  const double wx = fx - i, wy = fy - j;
  auto at = [&](int a, int b) { return static_cast<double>(values[size_t(b) * nx + a]); };
  *out = static_cast<float>((1 - wy) * ((1 - wx) * at(i, j) + wx * at(i + 1, j)) +
                            wy * ((1 - wx) * at(i, j + 1) + wx * at(i + 1, j + 1)));
  return true;
}

bool ScalarGrid::finite_range(float* lo, float* hi) const {
  float a = std::numeric_limits<float>::infinity(), b = -a;
  for (float v : values) {
    if (!std::isfinite(v)) continue;
    a = std::min(a, v);
    b = std::max(b, v);
  }
  if (a > b) return false;
  *lo = a;
  *hi = b;
  return true;
}

float ScalarGrid::quantile(double q) const {
  std::vector<float> finite;
  finite.reserve(values.size());
  for (float v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  if (finite.empty()) return std::numeric_limits<float>::quiet_NaN();
  const size_t k = std::min(finite.size() - 1,
                            static_cast<size_t>(std::clamp(q, 0.0, 1.0) * (finite.size() - 1)));
  std::nth_element(finite.begin(), finite.begin() + k, finite.end());
  return finite[k];
}

}  // namespace egeot::viz
