#pragma once
// --dump-state: what the studio was showing at exit, as JSON, for tests and bug reports:
// iteration, eps, scene, query points, layer toggles, heat map mode and the canvas view
// (so a test can map a clicked pixel to world coordinates); on image scenes ("mode":
// "images") the gallery page, selected source, translation steps and thumbnail rectangles.
#include "studio/protocol/snapshot.h"
#include "studio/ui/hit_regions.h"
#include "studio/ui/ui_state.h"
#include "viz/plot/canvas_view.h"

#include <string>

namespace egeot::studio {

struct DumpExtras {
  int64_t frames = 0;
  float framebuffer_scale = 1;
  int window_width = 0, window_height = 0;
  float ui_scale = 1;  // the user's, over the monitor's content scale
  bool light_theme = false, help_visible = false;
};

std::string state_json(const Snapshot* snapshot, const UiState& ui, const HitRegions& hits,
                       const viz::CanvasView& view, const DumpExtras& extras);
// Written atomically; returns an empty string or why it failed.
std::string write_state_dump(const std::string& path, const Snapshot* snapshot, const UiState& ui,
                             const HitRegions& hits, const viz::CanvasView& view,
                             const DumpExtras& extras);

}  // namespace egeot::studio
