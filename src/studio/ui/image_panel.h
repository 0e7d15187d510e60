#pragma once
// Image mode's view, in place of the 2D canvas on image scenes: a status line (dataset,
// generator, device), the gallery of held-out sources (paged thumbnails; click one to
// translate it), and the selected source drawn large beside its K translations, which
// sharpen as their Langevin chains run; pixels magnified with nearest-neighbour filtering.
// Immediate mode: it reads the snapshot and sends commands; it owns only the textures.
#include "studio/protocol/snapshot.h"
#include "studio/ui/hit_regions.h"
#include "studio/worker/training_worker.h"
#include "viz/gl/atlas_texture.h"
#include "viz/plot/canvas_view.h"

namespace egeot::studio {

class ImagePanel {
 public:
  // Draws an ImGui window covering `area` (window coordinates); records where the
  // thumbnails and pictures went in `hits` (for --dump-state).
  void draw(const Snapshot& snapshot, const viz::Rect& area, HitRegions& hits, TrainingWorker& worker);

 private:
  void status(const Snapshot& s, const ImageModeView& v);
  void gallery(const ImageModeView& v, float cell, HitRegions& hits, TrainingWorker& worker);
  void translations(const ImageModeView& v, float cell, HitRegions& hits);
  viz::AtlasTexture gallery_, source_, translations_;
};

}  // namespace egeot::studio
