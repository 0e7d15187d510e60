#pragma once
// Saves the GL state our drawables change and restores it on scope exit, as ImGui's
// OpenGL3 backend does around its own draw: each renderer leaves GL as it found it.
#include "viz/gl/gl.h"

namespace egeot::viz {

class GlStateGuard {
 public:
  GlStateGuard();
  ~GlStateGuard();
  GlStateGuard(const GlStateGuard&) = delete;
  GlStateGuard& operator=(const GlStateGuard&) = delete;

 private:
  GLint program_ = 0, vao_ = 0, array_buffer_ = 0, active_texture_ = 0, texture_[2] = {0, 0};
  GLint viewport_[4] = {0, 0, 0, 0}, scissor_box_[4] = {0, 0, 0, 0};
  GLint blend_src_rgb_ = 0, blend_dst_rgb_ = 0, blend_src_alpha_ = 0, blend_dst_alpha_ = 0;
  GLfloat line_width_ = 1;
  GLboolean blend_ = 0, scissor_ = 0, depth_ = 0, cull_ = 0, point_size_ = 0;
};

}  // namespace egeot::viz
