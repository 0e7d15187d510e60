#include "viz/imgui/canvas_axes.h"

#include "viz/plot/axis_ticks.h"

#include <cmath>

namespace egeot::viz {

void draw_canvas_axes(ImDrawList* draw, const CanvasView& view) {
  const Rect& r = view.viewport();
  const Rect world = view.visible_world();
  const ImU32 grid = IM_COL32(255, 255, 255, 28), axis = IM_COL32(255, 255, 255, 70);
  const ImU32 text = IM_COL32(220, 220, 228, 230), shadow = IM_COL32(0, 0, 0, 180);
  const float line_h = ImGui::GetTextLineHeight();
  const int target_x = std::max(2, static_cast<int>(r.width() / 110));
  const int target_y = std::max(2, static_cast<int>(r.height() / 80));
  draw->PushClipRect(ImVec2(float(r.x0), float(r.y0)), ImVec2(float(r.x1), float(r.y1)), true);

  const Ticks tx = nice_ticks(world.x0, world.x1, target_x);
  for (double v : tx.values) {
    const float sx = static_cast<float>(view.to_screen({v, 0}).x);
    draw->AddLine(ImVec2(sx, float(r.y0)), ImVec2(sx, float(r.y1)), v == 0 ? axis : grid);
    draw->AddLine(ImVec2(sx, float(r.y1) - 6), ImVec2(sx, float(r.y1)), text);
    const std::string label = tick_label(v, tx.step);
    const ImVec2 at(sx + 3, float(r.y1) - line_h - 2);
    draw->AddText(ImVec2(at.x + 1, at.y + 1), shadow, label.c_str());
    draw->AddText(at, text, label.c_str());
  }
  const Ticks ty = nice_ticks(world.y0, world.y1, target_y);
  for (double v : ty.values) {
    const float sy = static_cast<float>(view.to_screen({0, v}).y);
    draw->AddLine(ImVec2(float(r.x0), sy), ImVec2(float(r.x1), sy), v == 0 ? axis : grid);
    draw->AddLine(ImVec2(float(r.x0), sy), ImVec2(float(r.x0) + 6, sy), text);
    const std::string label = tick_label(v, ty.step);
    const ImVec2 at(float(r.x0) + 8, sy - line_h - 1);
    draw->AddText(ImVec2(at.x + 1, at.y + 1), shadow, label.c_str());
    draw->AddText(at, text, label.c_str());
  }
  draw->PopClipRect();
}

}  // namespace egeot::viz
