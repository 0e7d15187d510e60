#pragma once
// Round, antialiased points with per-point colours (GL_POINTS, sprites shaped in the
// fragment shader), filled or as rings. Uploads the shared CPU data only when a new buffer
// arrives.
#include "viz/gl/gl_objects.h"
#include "viz/gl/shader_program.h"
#include "viz/plot/canvas_view.h"
#include "viz/plot/colored_points.h"

#include <memory>

namespace egeot::viz {

class PointSet {
 public:
  PointSet();
  void set_points(std::shared_ptr<const ColoredPoints> points);
  // Diameter in framebuffer pixels.
  void set_size(float pixels) { size_ = pixels; }
  // Ring thickness in framebuffer pixels; 0 (the default) fills the disc.
  void set_ring(float pixels) { ring_ = pixels; }
  void draw(ShaderProgram& program, const ClipTransform& clip);
  size_t size() const { return points_ ? points_->size() : 0; }

 private:
  std::shared_ptr<const ColoredPoints> points_;
  bool dirty_ = false;
  float size_ = 4, ring_ = 0;
  GLsizei uploaded_ = 0;
  Buffer positions_, colours_;
  Vao vao_;
};

}  // namespace egeot::viz
