#pragma once
// The k-sigma contour of a 2D Gaussian, {p : (p - mean)^T cov^-1 (p - mean) = k^2}, as a
// closed polyline in world coordinates (for drawing closed-form conditionals). Pure math.
#include "viz/plot/canvas_view.h"

#include <array>
#include <vector>

namespace egeot::viz {

// cov = {xx, xy, yy}, symmetric positive semi-definite; `segments` >= 3 points, the first not
// repeated at the end. Empty if cov is not PSD or not finite.
std::vector<Vec2> covariance_ellipse(Vec2 mean, const std::array<double, 3>& cov, double k,
                                     int segments = 64);

}  // namespace egeot::viz
