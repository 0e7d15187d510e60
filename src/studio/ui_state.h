#pragma once
// What the user chose in the UI (not the model's state, which the snapshot holds).
#include "studio/command.h"
#include "studio/layers.h"
#include "viz/colormap.h"

#include <vector>

namespace egeot::studio {

// What the heat map shows.
enum class LandscapeMode { kEnergy, kDensity, kPotential };

struct UiState {
  std::vector<Point2> queries;
  int selected = -1;
  LayerToggles layers;
  LandscapeMode mode = LandscapeMode::kEnergy;
  viz::Colormap colormap = viz::Colormap::kViridis;
  bool contours = true;
  float heat_opacity = 1.0f;
  float point_size = 3.5f;  // in screen coordinates; scaled for HiDPI when drawn
  bool heat_follows_view = true;
  bool panels_visible = true;
  // Where the eps slider was last drawn (window coordinates x0, y0, x1, y1), so a test can
  // drive it with xdotool; zeros until drawn.
  float eps_slider[4] = {0, 0, 0, 0};
};

inline const char* mode_key(LandscapeMode mode) {
  switch (mode) {
    case LandscapeMode::kEnergy:
      return "energy";
    case LandscapeMode::kDensity:
      return "density";
    default:
      return "potential";
  }
}

}  // namespace egeot::studio
