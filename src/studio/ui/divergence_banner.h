#pragma once
// The banner over the canvas after training diverged: what was seen, why, and two ways on.
// Drawn while the snapshot carries a DivergenceReport; the model under it is already the
// last good one, so nothing diverged is ever drawn without this banner saying so.
#include "studio/protocol/snapshot.h"
#include "viz/plot/canvas_view.h"

namespace egeot::studio {

enum class BannerChoice { kNone, kKeepLastGood, kApplySuggestion };

// area: the canvas's screen rectangle; scale: the UI's content scale.
BannerChoice draw_divergence_banner(const DivergenceReport& report, const viz::Rect& area, float scale);

}  // namespace egeot::studio
