#pragma once
// Draws a snapshot on the canvas with GL: the heat map, then paths, plan lines and point
// layers, each a drawable fed by the snapshot's shared buffers (uploaded only when a
// buffer's pointer changed). Query markers, axes and the colour bar are ImGui overlays.
#include "studio/protocol/snapshot.h"
#include "studio/ui/ui_state.h"
#include "viz/gl/heat_map.h"
#include "viz/gl/path_set.h"
#include "viz/gl/point_set.h"
#include "viz/gl/shader_program.h"
#include "viz/plot/canvas_view.h"

#include <memory>
#include <string>

namespace egeot::studio {

// The heat map's field and colour range, for the colour bar and hover.
struct HeatField {
  std::shared_ptr<const viz::ScalarGrid> grid;
  float lo = 0, hi = 1;
  const char* title = "";
};

class CanvasRenderer {
 public:
  // Loads heatmap, points and paths from shaders/; returns the errors, empty if none.
  std::string load_shaders();
  void update(const Snapshot& snapshot, const UiState& ui);
  // Draws into the canvas viewport of a framebuffer fb_w x fb_h that is fb_scale times the
  // window's coordinates; point and line sizes are multiplied by size_scale (HiDPI).
  void draw(const viz::CanvasView& view, int fb_w, int fb_h, float fb_scale, float size_scale,
            const UiState& ui);
  const HeatField& heat_field() const { return field_; }

 private:
  viz::ShaderProgram heat_program_, point_program_, path_program_;
  // Created on first use, with the GL context current.
  struct Drawables {
    viz::HeatMap heat;
    viz::PathSet paths, lines, contours, diagnostic_chains;
    viz::PointSet source, target, generated, conditional, truth_atoms;
  };
  std::unique_ptr<Drawables> d_;
  HeatField field_;
  std::shared_ptr<const LandscapeGrids> landscape_;
  LandscapeMode mode_ = LandscapeMode::kEnergy;
  bool contours_ = false;
  float path_head_ = 0, path_fade_ = 1;
};

// The grid a mode shows (falls back to f when no query is selected) and its colour range.
HeatField heat_field_for(const LandscapeGrids& grids, LandscapeMode mode);

}  // namespace egeot::studio
