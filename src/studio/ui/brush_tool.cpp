#include "studio/ui/brush_tool.h"

#include "studio/protocol/palette.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace egeot::studio {
namespace {
constexpr double kSpacing = 5;         // screen pixels between points along a stroke
constexpr size_t kMaxPoints = 200000;  // per side: far beyond a drawing, bounds a held button
}  // namespace

size_t BrushTool::erase(BrushSide side, Point2 at, double radius) {
  auto& pts = points(side);
  const auto before = pts.size();
  pts.erase(std::remove_if(
                pts.begin(), pts.end(),
                [&](const Point2& p) { return std::hypot(p[0] - at[0], p[1] - at[1]) <= radius; }),
            pts.end());
  return before - pts.size();
}

bool BrushTool::handle(viz::CanvasView& view, float scale, bool* drawn) {
  *drawn = false;
  if (!active()) return false;
  const ImGuiIO& io = ImGui::GetIO();
  const viz::Vec2 mouse{io.MousePos.x, io.MousePos.y};
  const bool inside = view.viewport().contains(mouse) && !io.WantCaptureMouse;
  bool view_changed = false;
  if (stroke_ == Stroke::kNone && inside) {
    for (int b = 0; b < 3; ++b) {
      if (!io.MouseClicked[b]) continue;
      button_ = b;
      stroke_ = b == 2 ? Stroke::kPan : (b == 1 || io.KeyCtrl) ? Stroke::kErase : Stroke::kDraw;
      if (stroke_ == Stroke::kDraw) {
        const auto w = view.to_world(mouse);
        if (points(side_).size() < kMaxPoints) points(side_).push_back({w.x, w.y});
        last_ = mouse;
        *drawn = true;
      }
      break;
    }
  }
  if (stroke_ != Stroke::kNone) {
    if (stroke_ == Stroke::kPan && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
      view.pan_pixels(io.MouseDelta.x, io.MouseDelta.y);
      view_changed = true;
    } else if (stroke_ == Stroke::kDraw) {
      // Points evenly spaced along the segment since the last one, however fast the stroke.
      const double d = std::hypot(mouse.x - last_.x, mouse.y - last_.y);
      const double step = kSpacing * scale;
      for (int k = 1; k <= int(d / step) && points(side_).size() < kMaxPoints; ++k) {
        const double t = k * step / d;
        const auto w =
            view.to_world({last_.x + t * (mouse.x - last_.x), last_.y + t * (mouse.y - last_.y)});
        points(side_).push_back({w.x, w.y});
        *drawn = true;
      }
      if (d >= step) {
        const double t = int(d / step) * step / d;
        last_ = {last_.x + t * (mouse.x - last_.x), last_.y + t * (mouse.y - last_.y)};
      }
    } else if (stroke_ == Stroke::kErase) {
      const auto w = view.to_world(mouse);
      const auto edge = view.to_world({mouse.x + radius_ * scale, mouse.y});
      *drawn = erase(side_, {w.x, w.y}, std::abs(edge.x - w.x)) > 0;
    }
    if (!io.MouseDown[button_]) stroke_ = Stroke::kNone;
  }
  if (inside && io.MouseWheel != 0) {
    view.zoom_about(mouse, std::pow(1.15, io.MouseWheel));
    view_changed = true;
  }
  return view_changed;
}

void BrushTool::draw(const viz::CanvasView& view, float scale) const {
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  const viz::Rect& vp = view.viewport();
  draw->PushClipRect(ImVec2(float(vp.x0), float(vp.y0)), ImVec2(float(vp.x1), float(vp.y1)), true);
  const float r = 3.0f * scale;
  for (BrushSide side : {BrushSide::kP, BrushSide::kQ}) {
    const ImU32 colour = side == BrushSide::kP ? palette::source() : palette::target();
    for (const auto& p : points(side)) {
      const auto s = view.to_screen({p[0], p[1]});
      draw->AddCircleFilled(ImVec2(float(s.x), float(s.y)), r + scale, IM_COL32(0, 0, 0, 220), 8);
      draw->AddCircleFilled(ImVec2(float(s.x), float(s.y)), r, colour, 8);
    }
  }
  if (active()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (vp.contains({m.x, m.y}) && !ImGui::GetIO().WantCaptureMouse) {
      const ImU32 colour = side_ == BrushSide::kP ? palette::source() : palette::target();
      draw->AddCircle(m, radius_ * scale, colour, 32, 1.5f * scale);
    }
  }
  draw->PopClipRect();
}

}  // namespace egeot::studio
