#include "viz/gl/point_set.h"

namespace egeot::viz {

PointSet::PointSet() : positions_(make_buffer()), colours_(make_buffer()), vao_(make_vao()) {
  glBindVertexArray(vao_.get());
  glBindBuffer(GL_ARRAY_BUFFER, positions_.get());
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glBindBuffer(GL_ARRAY_BUFFER, colours_.get());
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, 0, nullptr);
  glBindVertexArray(0);
}

void PointSet::set_points(std::shared_ptr<const ColoredPoints> points) {
  if (points == points_) return;
  points_ = std::move(points);
  dirty_ = true;
}

void PointSet::draw(ShaderProgram& program, const ClipTransform& clip) {
  if (!program) return;
  if (dirty_) {
    const size_t n = points_ && points_->xy.size() == 2 * points_->size() ? points_->size() : 0;
    glBindBuffer(GL_ARRAY_BUFFER, positions_.get());
    glBufferData(GL_ARRAY_BUFFER, n * 2 * sizeof(float), n ? points_->xy.data() : nullptr,
                 GL_DYNAMIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, colours_.get());
    glBufferData(GL_ARRAY_BUFFER, n * sizeof(uint32_t), n ? points_->rgba.data() : nullptr,
                 GL_DYNAMIC_DRAW);
    uploaded_ = static_cast<GLsizei>(n);
    dirty_ = false;
  }
  if (uploaded_ == 0) return;
  program.use();
  program.set("u_clip_scale", clip.scale[0], clip.scale[1]);
  program.set("u_clip_offset", clip.offset[0], clip.offset[1]);
  program.set("u_point_size", size_);
  program.set("u_ring", ring_);
  glEnable(GL_PROGRAM_POINT_SIZE);
  glBindVertexArray(vao_.get());
  glDrawArrays(GL_POINTS, 0, uploaded_);
}

}  // namespace egeot::viz
