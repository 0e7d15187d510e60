#pragma once
// Image mode's view, in place of the 2D canvas on image scenes: a status line (dataset,
// generator, device), the gallery of held-out sources (paged thumbnails; click one to
// translate it), and the selected source drawn large beside its K translations, which
// sharpen as their Langevin chains run; pixels magnified with nearest-neighbour filtering.
// Immediate mode: it reads the snapshot and sends commands; it owns only the textures.
#include "studio/snapshot.h"
#include "studio/training_worker.h"
#include "studio/ui_state.h"
#include "viz/atlas_texture.h"
#include "viz/canvas_view.h"

namespace egeot::studio {

class ImagePanel {
 public:
  // Draws an ImGui window covering `area` (window coordinates); records where the
  // thumbnails and pictures went in `ui` (for --dump-state).
  void draw(const Snapshot& snapshot, const viz::Rect& area, UiState& ui, TrainingWorker& worker);

 private:
  void status(const Snapshot& s, const ImageModeView& v);
  void gallery(const ImageModeView& v, float cell, UiState& ui, TrainingWorker& worker);
  void translations(const ImageModeView& v, float cell, UiState& ui);
  viz::AtlasTexture gallery_, source_, translations_;
};

}  // namespace egeot::studio
