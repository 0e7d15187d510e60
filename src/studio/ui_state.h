#pragma once
// What the user chose in the UI (not the model's state, which the snapshot holds).
#include "studio/command.h"
#include "studio/layers.h"
#include "viz/colormap.h"

#include <cstdint>
#include <vector>

namespace egeot::studio {

// Where image mode drew a gallery thumbnail (window coordinates), so a test can click it.
struct ThumbnailRect {
  int64_t index = 0;  // into the gallery
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

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
  // Image mode, as last drawn (window coordinates x0, y0, x1, y1; zeros until drawn): the
  // current page's thumbnails, the gallery's and the translations' areas, the large source.
  std::vector<ThumbnailRect> thumbnails;
  float gallery_rect[4] = {0, 0, 0, 0};
  float translations_rect[4] = {0, 0, 0, 0};
  float source_rect[4] = {0, 0, 0, 0};
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
