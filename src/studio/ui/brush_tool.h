#pragma once
// A brush to draw one's own points for P or Q on the canvas. While it is on, the canvas's left
// button draws (a point every few pixels along the stroke), the right button or Ctrl+left
// erases the side's points under the brush, the middle button pans and the wheel zooms; the
// query clicks and drags are off until the brush is. Points are kept in world coordinates.
#include "studio/protocol/command.h"
#include "viz/plot/canvas_view.h"

#include <vector>

namespace egeot::studio {

enum class BrushSide { kOff, kP, kQ };

class BrushTool {
 public:
  bool active() const { return side_ != BrushSide::kOff; }
  BrushSide side() const { return side_; }
  void set_side(BrushSide side) { side_ = side; }
  float radius() const { return radius_; }  // the eraser's, in screen pixels at UI scale 1
  void set_radius(float r) { radius_ = r; }

  std::vector<Point2>& points(BrushSide side) { return side == BrushSide::kP ? p_ : q_; }
  const std::vector<Point2>& points(BrushSide side) const {
    return side == BrushSide::kP ? p_ : q_;
  }

  // Reads the mouse (only where ImGui does not want it). Returns whether the view changed;
  // sets *drawn when points were added or erased.
  bool handle(viz::CanvasView& view, float scale, bool* drawn);
  // Both sides' points over the canvas, and the brush outline under the pointer.
  void draw(const viz::CanvasView& view, float scale) const;

  // Erases the points of `side` within `radius` world units of `at`; returns how many.
  size_t erase(BrushSide side, Point2 at, double radius);

 private:
  enum class Stroke { kNone, kDraw, kErase, kPan };
  BrushSide side_ = BrushSide::kOff;
  float radius_ = 14;
  Stroke stroke_ = Stroke::kNone;
  int button_ = 0;
  viz::Vec2 last_{};  // where the stroke last added a point, screen
  std::vector<Point2> p_, q_;
};

}  // namespace egeot::studio
