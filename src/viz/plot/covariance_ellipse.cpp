#include "viz/plot/covariance_ellipse.h"

#include <algorithm>
#include <cmath>

namespace egeot::viz {

std::vector<Vec2> covariance_ellipse(Vec2 mean, const std::array<double, 3>& cov, double k,
                                     int segments) {
  const double a = cov[0], b = cov[1], c = cov[2];
  if (!std::isfinite(a) || !std::isfinite(b) || !std::isfinite(c) || segments < 3) return {};
  // Eigen-decomposition of [[a, b], [b, c]]: semi-axes sqrt(lambda) along the eigenvectors.
  const double mid = (a + c) / 2, half = std::hypot((a - c) / 2, b);
  const double l1 = mid + half, l2 = mid - half;
  if (l2 < -1e-12 * std::max(1.0, std::abs(l1))) return {};
  const double angle = 0.5 * std::atan2(2 * b, a - c);  // of the l1 axis
  const double r1 = k * std::sqrt(std::max(l1, 0.0)), r2 = k * std::sqrt(std::max(l2, 0.0));
  const double ca = std::cos(angle), sa = std::sin(angle);
  std::vector<Vec2> out(static_cast<size_t>(segments));
  for (int i = 0; i < segments; ++i) {
    const double t = 2 * M_PI * i / segments;
    const double u = r1 * std::cos(t), v = r2 * std::sin(t);
    out[i] = {mean.x + ca * u - sa * v, mean.y + sa * u + ca * v};
  }
  return out;
}

}  // namespace egeot::viz
