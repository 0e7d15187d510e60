#include "viz/plot/iso_lines.h"

#include <cmath>

namespace egeot::viz {

std::vector<float> even_levels(float lo, float hi, int count) {
  std::vector<float> out;
  if (!(hi > lo) || count < 1) return out;
  for (int k = 1; k <= count; ++k) out.push_back(lo + (hi - lo) * k / (count + 1));
  return out;
}

void iso_lines(const ScalarGrid& g, const std::vector<float>& levels, uint32_t colour,
               Polylines* out) {
  if (g.empty()) return;
  const double dx = (g.x1 - g.x0) / (g.nx - 1), dy = (g.y1 - g.y0) / (g.ny - 1);
  auto value = [&](int i, int j) { return g.values[size_t(j) * g.nx + i]; };
  for (float level : levels) {
    for (int j = 0; j + 1 < g.ny; ++j) {
      for (int i = 0; i + 1 < g.nx; ++i) {
        // Corners counter-clockwise from (i, j); an edge is crossed where the sign changes.
        const float v[4] = {value(i, j), value(i + 1, j), value(i + 1, j + 1), value(i, j + 1)};
        if (!std::isfinite(v[0]) || !std::isfinite(v[1]) || !std::isfinite(v[2]) ||
            !std::isfinite(v[3])) {
          continue;
        }
        const double cx[4] = {0, 1, 1, 0}, cy[4] = {0, 0, 1, 1};
        double px[4], py[4];
        int n = 0;
        for (int e = 0; e < 4; ++e) {
          const int a = e, b = (e + 1) % 4;
          if ((v[a] < level) == (v[b] < level)) continue;
          const double t = (level - v[a]) / double(v[b] - v[a]);
          px[n] = g.x0 + (i + cx[a] + t * (cx[b] - cx[a])) * dx;
          py[n] = g.y0 + (j + cy[a] + t * (cy[b] - cy[a])) * dy;
          ++n;
        }
        // Two crossings: one segment; four (a saddle): pair them in edge order.
        for (int s = 0; s + 1 < n; s += 2) {
          out->begin_line();
          out->add_vertex(float(px[s]), float(py[s]), 0, colour);
          out->add_vertex(float(px[s + 1]), float(py[s + 1]), 0, colour);
        }
      }
    }
  }
}

}  // namespace egeot::viz
