#pragma once
// Small line plots with ImGui draw lists (ImPlot is not packaged): a framed box, one or
// more series against a shared x, the y range fitted to the data, the latest values as a
// legend, and the value under the mouse.
#include <imgui.h>

#include <string>
#include <vector>

namespace egeot::viz {

struct PlotSeries {
  const std::vector<float>* values = nullptr;  // same length as the plot's x
  ImU32 colour = IM_COL32_WHITE;
  std::string name;
};

// y range [lo, hi] over the finite values of all series, padded by 5 %; a flat series
// gets a unit-wide range around its value. False when no value is finite.
bool plot_range(const std::vector<PlotSeries>& series, float* lo, float* hi);

// Draws at the cursor, `height` pixels tall and as wide as the window allows.
void line_plot(const char* title, const std::vector<float>& x,
               const std::vector<PlotSeries>& series, float height);

}  // namespace egeot::viz
