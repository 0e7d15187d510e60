#pragma once
// The 2D canvas's camera: a world point at the centre of a screen rectangle and a scale in
// pixels per world unit. World y points up, screen y down (window pixels, as ImGui and
// GLFW give them). Pure math, no GL: the shaders get clip_transform().
namespace egeot::viz {

struct Vec2 {
  double x = 0, y = 0;
};

struct Rect {  // screen: x0 < x1, y0 < y1 (y down); world: y0 < y1 (y up)
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  bool contains(Vec2 p) const { return p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1; }
};

// world -> normalised device coordinates: ndc = world * scale + offset, per axis.
struct ClipTransform {
  float scale[2] = {1, 1};
  float offset[2] = {0, 0};
};

class CanvasView {
 public:
  // The screen rectangle the canvas occupies; keeps the world centre where it is.
  void set_viewport(const Rect& screen) { viewport_ = screen; }
  const Rect& viewport() const { return viewport_; }

  // Centres `world` in the viewport and scales it to fit, leaving `margin` pixels.
  void fit(const Rect& world, double margin = 24);

  Vec2 to_screen(Vec2 world) const;
  Vec2 to_world(Vec2 screen) const;
  // The world rectangle the viewport shows.
  Rect visible_world() const;

  // Moves the picture with the mouse: a drag of (dx, dy) pixels.
  void pan_pixels(double dx, double dy);
  // Scales by `factor` (> 1 zooms in) keeping the world point under `screen` fixed.
  void zoom_about(Vec2 screen, double factor);

  // For a framebuffer of fb_w x fb_h pixels that is (sx, sy) times the window's size.
  ClipTransform clip_transform(int fb_w, int fb_h, double sx, double sy) const;

  Vec2 center() const { return center_; }
  double pixels_per_unit() const { return ppu_; }
  void set(Vec2 center, double pixels_per_unit);

 private:
  Rect viewport_{0, 0, 800, 800};
  Vec2 center_{0, 0};
  double ppu_ = 100;
};

}  // namespace egeot::viz
