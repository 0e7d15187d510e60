#include "viz/imgui/colour_bar.h"

#include "viz/plot/axis_ticks.h"

namespace egeot::viz {
namespace {
constexpr int kBands = 64;

ImU32 to_u32(Rgb c) {
  return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, 1.0f));
}
}  // namespace

void colour_bar(ImDrawList* draw, ImVec2 p0, ImVec2 size, Colormap map, double lo, double hi,
                const char* title) {
  const ImU32 text = IM_COL32(235, 235, 240, 255), shadow = IM_COL32(0, 0, 0, 200);
  // Bottom is lo, top is hi.
  for (int k = 0; k < kBands; ++k) {
    const float t0 = float(k) / kBands, t1 = float(k + 1) / kBands;
    const ImU32 c0 = to_u32(colormap(map, t0)), c1 = to_u32(colormap(map, t1));
    const float y_bottom = p0.y + size.y * (1 - t0), y_top = p0.y + size.y * (1 - t1);
    draw->AddRectFilledMultiColor(ImVec2(p0.x, y_top), ImVec2(p0.x + size.x, y_bottom), c1, c1, c0,
                                  c0);
  }
  draw->AddRect(ImVec2(p0.x - 1, p0.y - 1), ImVec2(p0.x + size.x + 1, p0.y + size.y + 1), shadow);
  const ImVec2 title_size = ImGui::CalcTextSize(title);
  const ImVec2 title_at(p0.x + size.x - title_size.x, p0.y - title_size.y - 4);
  draw->AddText(ImVec2(title_at.x + 1, title_at.y + 1), shadow, title);
  draw->AddText(title_at, text, title);
  if (!(hi > lo)) return;
  const Ticks ticks = nice_ticks(lo, hi, 6);
  for (double v : ticks.values) {
    const float y = p0.y + size.y * float(1 - (v - lo) / (hi - lo));
    draw->AddLine(ImVec2(p0.x - 4, y), ImVec2(p0.x, y), text);
    const std::string label = tick_label(v, ticks.step);
    const ImVec2 s = ImGui::CalcTextSize(label.c_str());
    const ImVec2 at(p0.x - 6 - s.x, y - s.y / 2);
    draw->AddText(ImVec2(at.x + 1, at.y + 1), shadow, label.c_str());
    draw->AddText(at, text, label.c_str());
  }
}

}  // namespace egeot::viz
