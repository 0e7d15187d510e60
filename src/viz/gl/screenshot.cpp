#include "viz/gl/screenshot.h"

#include "viz/gl/gl.h"

#include <stb/stb_image_write.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

namespace egeot::viz {

Image read_framebuffer(int width, int height) {
  Image image;
  image.width = width;
  image.height = height;
  image.rgba.resize(size_t(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
  // GL's rows start at the bottom.
  const size_t row = size_t(width) * 4;
  std::vector<uint8_t> swap(row);
  for (int y = 0; y < height / 2; ++y) {
    uint8_t* a = image.rgba.data() + y * row;
    uint8_t* b = image.rgba.data() + (height - 1 - y) * row;
    std::memcpy(swap.data(), a, row);
    std::memcpy(a, b, row);
    std::memcpy(b, swap.data(), row);
  }
  for (size_t i = 3; i < image.rgba.size(); i += 4) image.rgba[i] = 255;  // opaque file
  return image;
}

std::string write_png(const Image& image, const std::string& path) {
  namespace fs = std::filesystem;
  if (image.width <= 0 || image.height <= 0) return path + ": no image to write";
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return path + ": directory " + dir.string() + " does not exist";
  if (fs::is_directory(target, ec)) return path + ": is a directory";
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  if (!stbi_write_png(tmp.c_str(), image.width, image.height, 4, image.rgba.data(),
                      image.width * 4)) {
    fs::remove(tmp, ec);
    return path + ": cannot write (permission denied or disk full?)";
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return path + ": cannot replace (" + ec.message() + ")";
  }
  return {};
}

}  // namespace egeot::viz
