#pragma once
// Where the UI last drew what scripted tests (xdotool) and frame benchmarks click, in window
// coordinates; zeros until drawn. Panels write it while drawing and only --dump-state reads
// it: nothing the user sees depends on it, so it lives apart from UiState.
#include <cstdint>
#include <vector>

namespace egeot::studio {

struct HitRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct ThumbnailHit {
  int64_t index = 0;  // into the gallery
  HitRect rect;
};

struct HitRegions {
  HitRect eps_slider;                    // the slider's frame, not its label
  std::vector<ThumbnailHit> thumbnails;  // the gallery's current page (image mode)
  HitRect gallery, translations, source;
  HitRect brush_p, brush_q, train_drawn;  // "Your data": the brush's sides, the train button
  HitRect fit_cancel;                     // Cancel under a generator fit's progress
};

}  // namespace egeot::studio
