#include "viz/gl/atlas_texture.h"

#include <cstdint>

namespace egeot::viz {

void AtlasTexture::update(const std::shared_ptr<const TileAtlas>& atlas) {
  if (atlas == atlas_) return;
  atlas_ = atlas;
  if (!atlas_ || atlas_->empty()) return;
  if (!texture_) texture_ = make_texture();
  GLint previous = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
  glBindTexture(GL_TEXTURE_2D, texture_.get());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, atlas_->width(), atlas_->height(), 0, GL_RGBA,
               GL_UNSIGNED_BYTE, atlas_->rgba.data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
  ++uploads_;
}

}  // namespace egeot::viz
