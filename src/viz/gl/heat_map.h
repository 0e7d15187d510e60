#pragma once
// Draws a ScalarGrid through a colour map. Polyscope's buffer idiom: the CPU copy is the
// immutable grid the snapshot shares; set_grid(), set_range() and set_colormap() only mark
// it dirty, and draw() colours the grid's cells on the CPU and uploads them on the GL
// thread when something changed. Per frame the GPU does one filtered texture fetch per
// pixel, which keeps software GL (llvmpipe) within the frame budget.
#include "viz/gl/gl_objects.h"
#include "viz/gl/shader_program.h"
#include "viz/plot/canvas_view.h"
#include "viz/plot/colormap.h"
#include "viz/plot/scalar_grid.h"

#include <memory>

namespace egeot::viz {

class HeatMap {
 public:
  HeatMap();
  void set_grid(std::shared_ptr<const ScalarGrid> grid);
  void set_colormap(Colormap map);
  // Values at lo map to the colour map's start, hi to its end.
  void set_range(float lo, float hi);
  void set_opacity(float opacity) { opacity_ = opacity; }
  void draw(ShaderProgram& program, const ClipTransform& clip);
  const std::shared_ptr<const ScalarGrid>& grid() const { return grid_; }

 private:
  std::shared_ptr<const ScalarGrid> grid_;
  bool dirty_ = false;
  Colormap map_ = Colormap::kViridis;
  float lo_ = 0, hi_ = 1, opacity_ = 1;
  Texture colours_;
  Vao vao_;
};

}  // namespace egeot::viz
