#pragma once
// A rectangle of the back buffer as packed RGB bytes, in GL's row order (bottom row
// first), for encoders that flip rows themselves (ffmpeg's vflip): no copy to reorder them.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace egeot::viz {

// x, y: the rectangle's lower-left corner in framebuffer pixels (GL's origin, bottom left).
std::vector<uint8_t> read_pixels_rgb(int x, int y, int width, int height);

}  // namespace egeot::viz
