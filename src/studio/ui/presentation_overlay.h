#pragma once
// Presentation mode (P): the canvas fills the window and only eps and the iteration are
// written on it, large, in its lower-left corner, over a dark band that keeps them legible
// on any heat map.
#include "studio/protocol/snapshot.h"
#include "viz/plot/canvas_view.h"

#include <imgui.h>

namespace egeot::studio {

// `large`: a font meant for reading from afar (nullptr: the UI font).
void draw_presentation_overlay(const Snapshot* snapshot, const viz::Rect& canvas, ImFont* large);

}  // namespace egeot::studio
