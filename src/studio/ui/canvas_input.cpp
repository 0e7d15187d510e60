#include "studio/ui/canvas_input.h"

#include <imgui.h>

#include <cmath>

namespace egeot::studio {
namespace {
constexpr double kClickSlop = 4;  // pixels a click may move and still be a click
}

int query_at(const viz::CanvasView& view, const UiState& ui, viz::Vec2 screen, float radius) {
  int best = -1;
  double best_d = radius;
  for (size_t i = 0; i < ui.queries.size(); ++i) {
    const auto s = view.to_screen({ui.queries[i][0], ui.queries[i][1]});
    const double d = std::hypot(s.x - screen.x, s.y - screen.y);
    if (d <= best_d) {
      best = static_cast<int>(i);
      best_d = d;
    }
  }
  return best;
}

CanvasInput::Result CanvasInput::handle(viz::CanvasView& view, UiState& ui, float marker_radius,
                                        bool shift_pressed) {
  Result out;
  const ImGuiIO& io = ImGui::GetIO();
  const viz::Vec2 mouse{io.MousePos.x, io.MousePos.y};
  const bool inside = view.viewport().contains(mouse) && !io.WantCaptureMouse;

  if (drag_ == Drag::kNone && inside) {
    for (int b = 0; b < 3; ++b) {
      if (!io.MouseClicked[b]) continue;
      button_ = b;
      press_ = mouse;
      shift_ = shift_pressed || io.KeyShift;
      moved_ = false;
      query_ = query_at(view, ui, mouse, marker_radius);
      if (b == 0 && query_ >= 0) {
        drag_ = Drag::kQuery;
        if (ui.selected != query_) {
          ui.selected = query_;
          out.queries_changed = true;
        }
      } else {
        drag_ = b == 0 || (b == 1 && query_ >= 0) ? Drag::kPending : Drag::kPan;
      }
      break;
    }
  }

  if (drag_ != Drag::kNone) {
    moved_ = moved_ || std::hypot(mouse.x - press_.x, mouse.y - press_.y) > kClickSlop;
    if (drag_ == Drag::kPending && moved_) drag_ = Drag::kPan;
    if (drag_ == Drag::kPan && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0)) {
      view.pan_pixels(io.MouseDelta.x, io.MouseDelta.y);
      out.view_changed = true;
    }
    if (drag_ == Drag::kQuery && moved_ && query_ < int(ui.queries.size())) {
      const auto w = view.to_world(mouse);
      ui.queries[query_] = {w.x, w.y};
      out.queries_changed = true;
    }
    if (!io.MouseDown[button_]) {  // released (a press and release in one frame lands here too)
      if (drag_ == Drag::kPending && !moved_) {
        if (button_ == 0) {
          const auto w = view.to_world(press_);
          if (shift_) {
            ui.queries.push_back({w.x, w.y});
          } else {
            ui.queries = {{w.x, w.y}};
          }
          ui.selected = static_cast<int>(ui.queries.size()) - 1;
          out.queries_changed = true;
        } else if (button_ == 1 && query_ >= 0 && query_ < int(ui.queries.size())) {
          ui.queries.erase(ui.queries.begin() + query_);
          if (ui.selected >= int(ui.queries.size())) ui.selected = int(ui.queries.size()) - 1;
          out.queries_changed = true;
        }
      }
      drag_ = Drag::kNone;
    }
  }

  if (inside && io.MouseWheel != 0) {
    view.zoom_about(mouse, std::pow(1.15, io.MouseWheel));
    out.view_changed = true;
  }
  return out;
}

}  // namespace egeot::studio
