#pragma once
// Images as the UI draws them: a batch of torch images [n, C, H, W] in [0, 1] (C = 1 grey
// or 3 RGB) packed into a plain RGBA8 TileAtlas, so nothing past the snapshot sees torch.
#include "viz/plot/tile_atlas.h"

#include <torch/types.h>

#include <memory>

namespace egeot::studio {

// Values outside [0, 1] are clamped; `columns` tiles per row (at most n).
std::shared_ptr<const viz::TileAtlas> to_atlas(const torch::Tensor& images, int columns);

}  // namespace egeot::studio
