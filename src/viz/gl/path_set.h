#pragma once
// Polylines (Langevin paths, lines from x to its samples) drawn as line strips. Each vertex
// carries its step t; vertices after `head` are hidden and older ones fade with age, so a
// path set animates by moving head alone.
#include "viz/gl/gl_objects.h"
#include "viz/gl/shader_program.h"
#include "viz/plot/canvas_view.h"
#include "viz/plot/colored_points.h"

#include <memory>

namespace egeot::viz {

class PathSet {
 public:
  PathSet();
  void set_lines(std::shared_ptr<const Polylines> lines);
  void set_width(float pixels) { width_ = pixels; }
  // Vertices with t > head are not drawn; alpha falls as exp(-(head - t) / fade).
  void set_head(float head, float fade) { head_ = head, fade_ = fade; }
  void draw(ShaderProgram& program, const ClipTransform& clip);

 private:
  std::shared_ptr<const Polylines> lines_;
  bool dirty_ = false;
  float width_ = 1, head_ = 1e30f, fade_ = 1e30f;
  std::vector<GLint> first_;
  std::vector<GLsizei> count_;
  Buffer vertices_, colours_;
  Vao vao_;
};

}  // namespace egeot::viz
