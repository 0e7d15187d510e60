#pragma once
// Watch mode's line over the canvas: that the studio shows a run training elsewhere,
// read-only, which checkpoint and how fresh it is ("watching runs/a (read-only) · checkpoint
// at iteration 1200 · written 8 s ago"), or that the run is waiting or stalled; and, in the
// error colour, a checkpoint that is not shown and why (diverged, unreadable).
#include "studio/protocol/watch_view.h"
#include "viz/plot/canvas_view.h"

#include <string>

namespace egeot::studio {

// The status line; now: wall-clock seconds since the Unix epoch.
std::string watch_status_text(const WatchView& watch, double now);

// area: the canvas's screen rectangle; scale: the UI's content scale.
void draw_watch_banner(const WatchView& watch, const viz::Rect& area, float scale);

}  // namespace egeot::studio
