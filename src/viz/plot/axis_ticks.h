#pragma once
// "Nice" tick positions (1, 2 or 5 times a power of ten) and their labels, for the canvas
// axes, the colour bar and the plots.
#include <string>
#include <vector>

namespace egeot::viz {

struct Ticks {
  std::vector<double> values;
  double step = 0;
};

// Ticks inside [lo, hi], about `target` of them (at least 2 when the range is non-empty).
Ticks nice_ticks(double lo, double hi, int target);
// A label with as many decimals as the step needs ("0.5", "-1", "1e+05").
std::string tick_label(double value, double step);

}  // namespace egeot::viz
