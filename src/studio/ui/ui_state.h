#pragma once
// What the user chose in the UI (not the model's state, which the snapshot holds).
#include "studio/protocol/command.h"
#include "studio/protocol/layers.h"
#include "viz/plot/colormap.h"

#include <cstdint>
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
  bool canvas_only = false;  // presentation (P): no panels, only eps and the iteration
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
