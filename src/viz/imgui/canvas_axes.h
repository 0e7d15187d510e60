#pragma once
// Axes for the 2D canvas: faint grid lines at nice world coordinates, tick labels along
// the bottom and left edges of the viewport.
#include "viz/plot/canvas_view.h"

#include <imgui.h>

namespace egeot::viz {

void draw_canvas_axes(ImDrawList* draw, const CanvasView& view);

}  // namespace egeot::viz
