#pragma once
// A TileAtlas on the GPU: one texture with nearest-neighbour filtering (so magnified pixels
// stay square, as in a dataset viewer), re-uploaded only when it is handed a different
// buffer than the one it holds (the snapshot shares unchanged buffers by pointer).
#include "viz/gl/gl_objects.h"
#include "viz/plot/tile_atlas.h"

#include <cstdint>
#include <memory>

namespace egeot::viz {

class AtlasTexture {
 public:
  // With the GL context current. A null or empty atlas leaves nothing to draw.
  void update(const std::shared_ptr<const TileAtlas>& atlas);
  bool ready() const { return texture_ && atlas_ && !atlas_->empty(); }
  // For ImGui::Image and ImDrawList::AddImage.
  void* imgui_id() const { return reinterpret_cast<void*>(static_cast<intptr_t>(texture_.get())); }
  const TileAtlas* atlas() const { return atlas_.get(); }
  int uploads() const { return uploads_; }

 private:
  std::shared_ptr<const TileAtlas> atlas_;
  Texture texture_;
  int uploads_ = 0;
};

}  // namespace egeot::viz
