#pragma once
// A vertical colour bar with tick labels in the field's own (true) units, drawn with an
// ImGui draw list so it composes with the canvas overlay.
#include "viz/plot/colormap.h"

#include <imgui.h>

namespace egeot::viz {

// The bar fills [p0, p0 + size]; labels go to its left. `title` is drawn above it.
void colour_bar(ImDrawList* draw, ImVec2 p0, ImVec2 size, Colormap map, double lo, double hi,
                const char* title);

}  // namespace egeot::viz
