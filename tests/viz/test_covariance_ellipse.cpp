#include "viz/plot/covariance_ellipse.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace egeot::viz;

TEST_SUITE("covariance_ellipse") {
  TEST_CASE("every point lies on the k-sigma contour, and the ellipse spans the variances") {
    const Vec2 mean{0.4, -1.2};
    const std::array<double, 3> cov{0.5, 0.3, 0.4};  // xx, xy, yy; det 0.11 > 0
    const double det = cov[0] * cov[2] - cov[1] * cov[1];
    for (double k : {1.0, 2.0}) {
      const auto pts = covariance_ellipse(mean, cov, k, 96);
      REQUIRE(pts.size() == 96);
      double max_x = -1e9, max_y = -1e9;
      for (const auto& p : pts) {
        const double dx = p.x - mean.x, dy = p.y - mean.y;
        // Mahalanobis distance with the inverse [[yy, -xy], [-xy, xx]] / det.
        const double m = (cov[2] * dx * dx - 2 * cov[1] * dx * dy + cov[0] * dy * dy) / det;
        CHECK(std::sqrt(m) == doctest::Approx(k).epsilon(1e-9));
        max_x = std::max(max_x, dx);
        max_y = std::max(max_y, dy);
      }
      // The extent along each axis is k * sqrt(variance), up to the polygon's sampling.
      CHECK(max_x == doctest::Approx(k * std::sqrt(cov[0])).epsilon(0.01));
      CHECK(max_y == doctest::Approx(k * std::sqrt(cov[2])).epsilon(0.01));
    }
  }

  TEST_CASE("an isotropic covariance gives a circle; bad input gives nothing") {
    for (const auto& p : covariance_ellipse({1, 2}, {0.25, 0, 0.25}, 2, 16)) {
      CHECK(std::hypot(p.x - 1, p.y - 2) == doctest::Approx(1.0));
    }
    CHECK(covariance_ellipse({0, 0}, {1, 2, 1}, 1).empty());  // indefinite
    CHECK(covariance_ellipse({0, 0}, {NAN, 0, 1}, 1).empty());
    CHECK(covariance_ellipse({0, 0}, {1, 0, 1}, 1, 2).empty());
  }
}
