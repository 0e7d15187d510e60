#pragma once
// The studio's look: a dark or a light theme and a UI scale for projectors. The scale
// rebuilds the font atlas at the scaled size (sharp text, not ImGui's stretched glyphs) and
// scales a fresh style's sizes. The light theme lightens the panels only: the canvas and the
// plots keep their dark ground, for which the layer and curve colours were chosen.
#include "viz/imgui/app_window.h"
#include "viz/plot/canvas_view.h"

#include <imgui.h>

namespace egeot::studio {

inline constexpr float kMinUiScale = 0.5f, kMaxUiScale = 3.0f;

// What the user chose: the UI scale (over the monitor's content scale) and the theme.
struct Look {
  float ui_scale = 1;
  bool light = false;
  bool operator==(const Look& o) const { return ui_scale == o.ui_scale && light == o.light; }
  bool operator!=(const Look& o) const { return !(*this == o); }
};

// Text colours the panels use beside ImGui's own, per theme.
struct ThemeColours {
  ImVec4 dim, error, warn;
};
const ThemeColours& theme_colours();

// Applies the theme and the scale (the monitor's content scale times the user's UI scale)
// to ImGui's style and fonts. Call between frames, never between NewFrame and Render.
void apply_theme(viz::AppWindow& window, bool light, float scale);

// Clears the framebuffer for a frame: the panels' ground, and the canvas (window
// coordinates; framebuffer pixels are fb_scale times those) and the plots column on the
// dark ground.
void clear_frame(bool light, const viz::Rect& canvas, const viz::Rect& plots, int fb_w, int fb_h,
                 float fb_scale);

// Inside a panel drawn over the dark ground in the light theme: the dark theme's text.
class DarkGroundText {
 public:
  explicit DarkGroundText(bool light);
  ~DarkGroundText();
  DarkGroundText(const DarkGroundText&) = delete;
  DarkGroundText& operator=(const DarkGroundText&) = delete;

 private:
  int pushed_ = 0;
};

}  // namespace egeot::studio
