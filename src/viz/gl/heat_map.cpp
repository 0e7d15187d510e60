#include "viz/gl/heat_map.h"

namespace egeot::viz {

HeatMap::HeatMap() : colours_(make_texture()), vao_(make_vao()) {}

void HeatMap::set_grid(std::shared_ptr<const ScalarGrid> grid) {
  if (grid == grid_) return;
  grid_ = std::move(grid);
  dirty_ = true;
}

void HeatMap::set_colormap(Colormap map) {
  if (map == map_) return;
  map_ = map;
  dirty_ = true;
}

void HeatMap::set_range(float lo, float hi) {
  if (lo == lo_ && hi == hi_) return;
  lo_ = lo;
  hi_ = hi;
  dirty_ = true;
}

void HeatMap::draw(ShaderProgram& program, const ClipTransform& clip) {
  if (!program || !grid_ || grid_->empty()) return;
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, colours_.get());
  if (dirty_) {
    const auto rgba = colourise(grid_->values, lo_, hi_, map_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, grid_->nx, grid_->ny, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 rgba.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    dirty_ = false;
  }
  // Samples sit at texel centres: the quad reaches half a cell beyond the first and last.
  const auto& g = *grid_;
  const double hx = (g.x1 - g.x0) / (g.nx - 1) / 2, hy = (g.y1 - g.y0) / (g.ny - 1) / 2;
  program.use();
  program.set("u_clip_scale", clip.scale[0], clip.scale[1]);
  program.set("u_clip_offset", clip.offset[0], clip.offset[1]);
  program.set("u_extent", float(g.x0 - hx), float(g.y0 - hy), float(g.x1 + hx), float(g.y1 + hy));
  program.set("u_colours", 0);
  program.set("u_opacity", opacity_);
  glBindVertexArray(vao_.get());
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);  // the quad is made in the vertex shader
}

}  // namespace egeot::viz
