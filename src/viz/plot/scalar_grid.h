#pragma once
// A scalar field sampled on a regular 2D grid: what the heat map shows and hover reads.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace egeot::viz {

struct ScalarGrid {
  int nx = 0, ny = 0;
  // World coordinates of the first and last sample along each axis (sample centres).
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  std::vector<float> values;  // row-major, values[j * nx + i] at (x_i, y_j), j = 0 is y0

  bool empty() const { return nx < 2 || ny < 2 || values.size() != size_t(nx) * ny; }
  // Bilinear interpolation; false outside the sampled rectangle or for an empty grid.
  bool sample(double x, double y, float* out) const;
  // Smallest and largest finite values; false if there is none.
  bool finite_range(float* lo, float* hi) const;
  // The q-quantile (0..1) of the finite values (nearest rank); NaN if there is none.
  float quantile(double q) const;
};

}  // namespace egeot::viz
