#include "viz/gl/pixel_readback.h"

#include "viz/gl/gl.h"

namespace egeot::viz {

std::vector<uint8_t> read_pixels_rgb(int x, int y, int width, int height) {
  std::vector<uint8_t> rgb(std::size_t(width) * height * 3);
  glReadBuffer(GL_BACK);                // what was just drawn, before the swap
  glPixelStorei(GL_PACK_ALIGNMENT, 1);  // rows of 3 * width bytes, no padding
  glReadPixels(x, y, width, height, GL_RGB, GL_UNSIGNED_BYTE, rgb.data());
  return rgb;
}

}  // namespace egeot::viz
