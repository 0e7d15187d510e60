#pragma once
// Iso-lines of a ScalarGrid by marching squares: line segments where the field crosses
// each level. Computed on the CPU when a grid arrives and drawn as thin GL lines, they stay
// one pixel wide at any zoom and cost nothing per frame beyond a few thousand vertices.
#include "viz/plot/colored_points.h"
#include "viz/plot/scalar_grid.h"

#include <vector>

namespace egeot::viz {

// `count` levels evenly spaced strictly inside (lo, hi).
std::vector<float> even_levels(float lo, float hi, int count);

// Appends one two-vertex line per segment to *out (t = 0 on every vertex).
void iso_lines(const ScalarGrid& grid, const std::vector<float>& levels, uint32_t colour,
               Polylines* out);

}  // namespace egeot::viz
