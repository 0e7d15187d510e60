#include "viz/imgui/line_plot.h"

#include "viz/plot/axis_ticks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace egeot::viz {

bool plot_range(const std::vector<PlotSeries>& series, float* lo, float* hi) {
  float a = std::numeric_limits<float>::infinity(), b = -a;
  for (const auto& s : series) {
    if (!s.values) continue;
    for (float v : *s.values) {
      if (!std::isfinite(v)) continue;
      a = std::min(a, v);
      b = std::max(b, v);
    }
  }
  if (a > b) return false;
  if (b - a < 1e-12f * std::max(1.0f, std::abs(a))) {
    a -= 0.5f;
    b += 0.5f;
  }
  const float pad = 0.05f * (b - a);
  *lo = a - pad;
  *hi = b + pad;
  return true;
}

void line_plot(const char* title, const std::vector<float>& x,
               const std::vector<PlotSeries>& series, float height) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 50.0f);
  const ImVec2 p1(p0.x + width, p0.y + height);
  ImGui::InvisibleButton(title, ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  // A frame only: the studio's panels sit on the dark cleared framebuffer, and a filled box
  // would cost a blended pass over every plot's pixels each frame on software GL.
  draw->AddRect(p0, p1, IM_COL32(80, 84, 96, 255), 3.0f);

  const float line_h = ImGui::GetTextLineHeight();
  draw->AddText(ImVec2(p0.x + 4, p0.y + 2), IM_COL32(200, 200, 210, 255), title);
  // Legend: each series' latest value.
  float legend_x = p0.x + 4;
  const float legend_y = p0.y + 2 + line_h;
  for (const auto& s : series) {
    if (!s.values || s.values->empty()) continue;
    char text[96];
    std::snprintf(text, sizeof(text), "%s %.4g", s.name.c_str(), s.values->back());
    draw->AddText(ImVec2(legend_x, legend_y), s.colour, text);
    legend_x += ImGui::CalcTextSize(text).x + 10;
  }

  float lo = 0, hi = 1;
  const ImVec2 a(p0.x + 4, p0.y + 2 * line_h + 6), b(p1.x - 4, p1.y - 4);
  if (x.size() < 2 || !plot_range(series, &lo, &hi) || b.y - a.y < 8) return;
  const float x_lo = x.front(), x_hi = std::max(x.back(), x.front() + 1e-6f);
  auto to_screen = [&](float xv, float yv) {
    return ImVec2(a.x + (xv - x_lo) / (x_hi - x_lo) * (b.x - a.x),
                  b.y - (yv - lo) / (hi - lo) * (b.y - a.y));
  };
  if (lo < 0 && hi > 0) {
    draw->AddLine(to_screen(x_lo, 0), to_screen(x_hi, 0), IM_COL32(90, 90, 100, 255));
  }
  // At most ~1 vertex per pixel column: more adds triangles (each costs on software GL),
  // not detail.
  const size_t stride = std::max<size_t>(1, x.size() / std::max(1.0f, b.x - a.x));
  std::vector<ImVec2> points;
  for (const auto& s : series) {
    if (!s.values || s.values->size() != x.size()) continue;
    points.clear();
    for (size_t i = 0; i < x.size(); i += stride) {
      const float v = (*s.values)[i];
      if (std::isfinite(v)) points.push_back(to_screen(x[i], v));
    }
    if (points.size() >= 2) {
      draw->AddPolyline(points.data(), static_cast<int>(points.size()), s.colour, 0, 1.0f);
    }
  }
  const ImU32 axis_text = IM_COL32(150, 150, 160, 255);
  const std::string hi_text = tick_label(hi, (hi - lo) / 100),
                    lo_text = tick_label(lo, (hi - lo) / 100);
  draw->AddText(ImVec2(b.x - ImGui::CalcTextSize(hi_text.c_str()).x, a.y), axis_text,
                hi_text.c_str());
  draw->AddText(ImVec2(b.x - ImGui::CalcTextSize(lo_text.c_str()).x, b.y - line_h), axis_text,
                lo_text.c_str());

  if (hovered) {
    const float mx = ImGui::GetIO().MousePos.x;
    const float xv = x_lo + (mx - a.x) / (b.x - a.x) * (x_hi - x_lo);
    const size_t i = std::min(
        x.size() - 1, static_cast<size_t>(std::lower_bound(x.begin(), x.end(), xv) - x.begin()));
    draw->AddLine(ImVec2(mx, a.y), ImVec2(mx, b.y), IM_COL32(200, 200, 200, 80));
    ImGui::BeginTooltip();
    ImGui::Text("iteration %.0f", x[i]);
    for (const auto& s : series) {
      if (s.values && i < s.values->size()) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.colour), "%s %.5g", s.name.c_str(),
                           (*s.values)[i]);
      }
    }
    ImGui::EndTooltip();
  }
}

}  // namespace egeot::viz
