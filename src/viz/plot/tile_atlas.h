#pragma once
// A set of equally sized images packed row by row into one RGBA8 picture: a page of gallery
// thumbnails, or K translations. One buffer (one texture, one upload) per set; tile i is
// drawn through its texture coordinates. Plain data: the trainer fills it, the UI draws it.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace egeot::viz {

struct TileAtlas {
  int tile_width = 0, tile_height = 0;
  int columns = 0, count = 0;
  std::vector<uint8_t> rgba;  // width() x height() pixels, row-major, top row first

  int rows() const { return columns > 0 ? (count + columns - 1) / columns : 0; }
  int width() const { return columns * tile_width; }
  int height() const { return rows() * tile_height; }
  bool empty() const { return count == 0 || rgba.empty(); }
  // Texture coordinates of tile i (u0, v0, u1, v1), v growing downwards as uploaded.
  void uv(int i, float out[4]) const {
    const int c = i % columns, r = i / columns;
    out[0] = float(c) / float(columns);
    out[1] = float(r) / float(rows());
    out[2] = float(c + 1) / float(columns);
    out[3] = float(r + 1) / float(rows());
  }
  uint8_t* pixel(int tile, int x, int y) {
    const int px = (tile % columns) * tile_width + x, py = (tile / columns) * tile_height + y;
    return rgba.data() + 4 * (std::size_t(py) * std::size_t(width()) + std::size_t(px));
  }
};

}  // namespace egeot::viz
