#pragma once
// ImGui overlays on the canvas: axes, the colour bar in true units, the query markers,
// a caption saying what the heat map shows, and the hover read-out (coordinates, E_x, f,
// density at the cursor, interpolated from the published grids).
#include "studio/protocol/snapshot.h"
#include "studio/ui/canvas_renderer.h"
#include "studio/ui/ui_state.h"
#include "viz/plot/canvas_view.h"

namespace egeot::studio {

void draw_canvas_overlay(const viz::CanvasView& view, const Snapshot* snapshot,
                         const HeatField& field, const UiState& ui, float scale, bool show_hover);

}  // namespace egeot::studio
