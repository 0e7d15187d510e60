#include "viz/plot/canvas_view.h"

#include <algorithm>
#include <cmath>

namespace egeot::viz {
namespace {
// Keeps zoom within what float vertex data can still show without jitter.
constexpr double kMinPixelsPerUnit = 1e-3;
constexpr double kMaxPixelsPerUnit = 1e7;
}  // namespace

void CanvasView::fit(const Rect& world, double margin) {
  center_ = {(world.x0 + world.x1) / 2, (world.y0 + world.y1) / 2};
  const double w = std::max(viewport_.width() - 2 * margin, 1.0);
  const double h = std::max(viewport_.height() - 2 * margin, 1.0);
  const double sx = w / std::max(world.width(), 1e-12);
  const double sy = h / std::max(world.height(), 1e-12);
  ppu_ = std::clamp(std::min(sx, sy), kMinPixelsPerUnit, kMaxPixelsPerUnit);
}

Vec2 CanvasView::to_screen(Vec2 w) const {
  const double cx = (viewport_.x0 + viewport_.x1) / 2, cy = (viewport_.y0 + viewport_.y1) / 2;
  return {cx + (w.x - center_.x) * ppu_, cy - (w.y - center_.y) * ppu_};
}

Vec2 CanvasView::to_world(Vec2 s) const {
  const double cx = (viewport_.x0 + viewport_.x1) / 2, cy = (viewport_.y0 + viewport_.y1) / 2;
  return {center_.x + (s.x - cx) / ppu_, center_.y - (s.y - cy) / ppu_};
}

Rect CanvasView::visible_world() const {
  const Vec2 a = to_world({viewport_.x0, viewport_.y1});
  const Vec2 b = to_world({viewport_.x1, viewport_.y0});
  return {a.x, a.y, b.x, b.y};
}

void CanvasView::pan_pixels(double dx, double dy) {
  center_.x -= dx / ppu_;
  center_.y += dy / ppu_;
}

void CanvasView::zoom_about(Vec2 screen, double factor) {
  const Vec2 before = to_world(screen);
  ppu_ = std::clamp(ppu_ * factor, kMinPixelsPerUnit, kMaxPixelsPerUnit);
  const Vec2 after = to_world(screen);
  center_.x += before.x - after.x;
  center_.y += before.y - after.y;
}

void CanvasView::set(Vec2 center, double pixels_per_unit) {
  center_ = center;
  ppu_ = std::clamp(pixels_per_unit, kMinPixelsPerUnit, kMaxPixelsPerUnit);
}

ClipTransform CanvasView::clip_transform(int fb_w, int fb_h, double sx, double sy) const {
  const double cx = (viewport_.x0 + viewport_.x1) / 2, cy = (viewport_.y0 + viewport_.y1) / 2;
  ClipTransform t;
  // screen = c + (w - center) * ppu (y flipped); ndc = 2 * screen * s / fb - 1 (y flipped).
  t.scale[0] = static_cast<float>(2 * ppu_ * sx / fb_w);
  t.offset[0] = static_cast<float>(2 * (cx - center_.x * ppu_) * sx / fb_w - 1);
  t.scale[1] = static_cast<float>(2 * ppu_ * sy / fb_h);
  t.offset[1] = static_cast<float>(1 - 2 * (cy + center_.y * ppu_) * sy / fb_h);
  return t;
}

}  // namespace egeot::viz
