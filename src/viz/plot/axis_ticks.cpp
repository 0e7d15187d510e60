#include "viz/plot/axis_ticks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace egeot::viz {

Ticks nice_ticks(double lo, double hi, int target) {
  Ticks out;
  if (!std::isfinite(lo) || !std::isfinite(hi) || hi <= lo || target < 1) return out;
  const double raw = (hi - lo) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  // The candidate whose tick count is nearest the target.
  double step = magnitude;
  double best = 1e300;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    const double miss = std::abs((hi - lo) / (m * magnitude) - target);
    if (miss < best) {
      best = miss;
      step = m * magnitude;
    }
  }
  out.step = step;
  const double first = std::ceil(lo / step - 1e-9) * step;
  for (double v = first; v <= hi + 1e-9 * step; v += step) {
    out.values.push_back(std::abs(v) < 1e-12 * step ? 0.0 : v);
    if (out.values.size() > 1000) break;
  }
  return out;
}

std::string tick_label(double value, double step) {
  char text[32];
  const double a = std::max(std::abs(value), std::abs(step));
  if (a >= 1e5 || (step > 0 && step < 1e-4)) {
    std::snprintf(text, sizeof(text), "%.3g", value);
  } else {
    const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    std::snprintf(text, sizeof(text), "%.*f", std::clamp(decimals, 0, 6), value);
  }
  return text;
}

}  // namespace egeot::viz
