#include "viz/gl/gl_state_guard.h"

namespace egeot::viz {

GlStateGuard::GlStateGuard() {
  glGetIntegerv(GL_CURRENT_PROGRAM, &program_);
  glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vao_);
  glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &array_buffer_);
  glGetIntegerv(GL_ACTIVE_TEXTURE, &active_texture_);
  for (int unit = 0; unit < 2; ++unit) {
    glActiveTexture(GL_TEXTURE0 + unit);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &texture_[unit]);
  }
  glGetIntegerv(GL_VIEWPORT, viewport_);
  glGetIntegerv(GL_SCISSOR_BOX, scissor_box_);
  glGetIntegerv(GL_BLEND_SRC_RGB, &blend_src_rgb_);
  glGetIntegerv(GL_BLEND_DST_RGB, &blend_dst_rgb_);
  glGetIntegerv(GL_BLEND_SRC_ALPHA, &blend_src_alpha_);
  glGetIntegerv(GL_BLEND_DST_ALPHA, &blend_dst_alpha_);
  glGetFloatv(GL_LINE_WIDTH, &line_width_);
  blend_ = glIsEnabled(GL_BLEND);
  scissor_ = glIsEnabled(GL_SCISSOR_TEST);
  depth_ = glIsEnabled(GL_DEPTH_TEST);
  cull_ = glIsEnabled(GL_CULL_FACE);
  point_size_ = glIsEnabled(GL_PROGRAM_POINT_SIZE);
}

namespace {
void set_enabled(GLenum cap, GLboolean on) {
  on ? glEnable(cap) : glDisable(cap);
}
}  // namespace

GlStateGuard::~GlStateGuard() {
  glUseProgram(program_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, array_buffer_);
  for (int unit = 0; unit < 2; ++unit) {
    glActiveTexture(GL_TEXTURE0 + unit);
    glBindTexture(GL_TEXTURE_2D, texture_[unit]);
  }
  glActiveTexture(active_texture_);
  glViewport(viewport_[0], viewport_[1], viewport_[2], viewport_[3]);
  glScissor(scissor_box_[0], scissor_box_[1], scissor_box_[2], scissor_box_[3]);
  glBlendFuncSeparate(blend_src_rgb_, blend_dst_rgb_, blend_src_alpha_, blend_dst_alpha_);
  glLineWidth(line_width_);
  set_enabled(GL_BLEND, blend_);
  set_enabled(GL_SCISSOR_TEST, scissor_);
  set_enabled(GL_DEPTH_TEST, depth_);
  set_enabled(GL_CULL_FACE, cull_);
  set_enabled(GL_PROGRAM_POINT_SIZE, point_size_);
}

}  // namespace egeot::viz
