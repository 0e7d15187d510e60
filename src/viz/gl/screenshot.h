#pragma once
// The framebuffer as an image, and PNG output (stb_image_write from Debian's libstb).
#include <cstdint>
#include <string>
#include <vector>

namespace egeot::viz {

struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;  // top row first
};

// Reads the current read buffer (call after drawing, before swapping). Rows come back
// top first, as image files store them.
Image read_framebuffer(int width, int height);

// Writes a PNG through a sibling temporary and a rename, so a failed write never leaves
// a truncated file where the path was. Returns an empty string or the reason it failed.
std::string write_png(const Image& image, const std::string& path);

}  // namespace egeot::viz
