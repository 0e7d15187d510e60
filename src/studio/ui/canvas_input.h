#pragma once
// Mouse on the canvas, only when ImGui does not want it: click sets the query x,
// shift-click adds one, dragging a query moves it (its conditional follows), dragging
// elsewhere (or with the right/middle button) pans, the wheel zooms about the cursor,
// right-click on a query removes it.
#include "studio/ui/ui_state.h"
#include "viz/plot/canvas_view.h"

namespace egeot::studio {

class CanvasInput {
 public:
  struct Result {
    bool queries_changed = false;
    bool view_changed = false;
  };
  // marker_radius: how near (window pixels) a press must be to grab a query; shift_pressed:
  // whether shift was held at the left button's press (from the press event).
  Result handle(viz::CanvasView& view, UiState& ui, float marker_radius, bool shift_pressed);
  bool dragging() const { return drag_ != Drag::kNone; }

 private:
  enum class Drag { kNone, kPending, kPan, kQuery };
  Drag drag_ = Drag::kNone;
  int button_ = 0;
  int query_ = -1;
  viz::Vec2 press_;
  bool shift_ = false, moved_ = false;
};

// The query nearest to `screen` within `radius` pixels, or -1.
int query_at(const viz::CanvasView& view, const UiState& ui, viz::Vec2 screen, float radius);

}  // namespace egeot::studio
