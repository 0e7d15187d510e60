#pragma once
// Over the canvas while an image scene's generator is fitted (its first use): what is
// happening, a progress bar (iteration / total), the fit's loss, time spent and left, and a
// Cancel button. The trainer thread serves nothing else meanwhile, so this is all there is.
#include "studio/protocol/generator_fit_view.h"
#include "studio/ui/hit_regions.h"
#include "viz/plot/canvas_view.h"

namespace egeot::studio {

// area: the canvas's screen rectangle; scale: the UI's content scale. True: Cancel pressed.
// cancel_rect: where the Cancel button went (for tests).
bool draw_fit_progress(const GeneratorFitView& fit, const viz::Rect& area, float scale,
                       HitRect* cancel_rect);

}  // namespace egeot::studio
