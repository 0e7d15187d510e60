#include "viz/gl/path_set.h"

#include <algorithm>

namespace egeot::viz {

PathSet::PathSet() : vertices_(make_buffer()), colours_(make_buffer()), vao_(make_vao()) {
  glBindVertexArray(vao_.get());
  glBindBuffer(GL_ARRAY_BUFFER, vertices_.get());
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 0, nullptr);
  glBindBuffer(GL_ARRAY_BUFFER, colours_.get());
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, 0, nullptr);
  glBindVertexArray(0);
}

void PathSet::set_lines(std::shared_ptr<const Polylines> lines) {
  if (lines == lines_) return;
  lines_ = std::move(lines);
  dirty_ = true;
}

void PathSet::draw(ShaderProgram& program, const ClipTransform& clip) {
  if (!program) return;
  if (dirty_) {
    first_.clear();
    count_.clear();
    const bool ok = lines_ && lines_->xyt.size() == 3 * lines_->rgba.size() &&
                    lines_->first.size() == lines_->count.size();
    const size_t n = ok ? lines_->rgba.size() : 0;
    glBindBuffer(GL_ARRAY_BUFFER, vertices_.get());
    glBufferData(GL_ARRAY_BUFFER, n * 3 * sizeof(float), n ? lines_->xyt.data() : nullptr,
                 GL_DYNAMIC_DRAW);
    glBindBuffer(GL_ARRAY_BUFFER, colours_.get());
    glBufferData(GL_ARRAY_BUFFER, n * sizeof(uint32_t), n ? lines_->rgba.data() : nullptr,
                 GL_DYNAMIC_DRAW);
    for (size_t i = 0; ok && i < lines_->lines(); ++i) {
      if (lines_->count[i] < 2 || size_t(lines_->first[i] + lines_->count[i]) > n) continue;
      first_.push_back(lines_->first[i]);
      count_.push_back(lines_->count[i]);
    }
    dirty_ = false;
  }
  if (first_.empty()) return;
  program.use();
  program.set("u_clip_scale", clip.scale[0], clip.scale[1]);
  program.set("u_clip_offset", clip.offset[0], clip.offset[1]);
  program.set("u_head", head_);
  program.set("u_fade", std::max(fade_, 1e-3f));
  glLineWidth(width_);
  glBindVertexArray(vao_.get());
  glMultiDrawArrays(GL_LINE_STRIP, first_.data(), count_.data(),
                    static_cast<GLsizei>(first_.size()));
}

}  // namespace egeot::viz
