#pragma once
// Plain vertex data the trainer publishes and the drawables upload: points with colours,
// and polylines whose vertices carry a step index t (for fading paths).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace egeot::viz {

// 0xAABBGGRR as GL reads 4 unsigned bytes in memory order r, g, b, a.
inline uint32_t rgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
  return uint32_t(r) | uint32_t(g) << 8 | uint32_t(b) << 16 | uint32_t(a) << 24;
}

struct ColoredPoints {
  std::vector<float> xy;       // 2 per point
  std::vector<uint32_t> rgba;  // 1 per point
  size_t size() const { return rgba.size(); }
  void add(float x, float y, uint32_t colour) {
    xy.push_back(x);
    xy.push_back(y);
    rgba.push_back(colour);
  }
};

struct Polylines {
  std::vector<float> xyt;      // 3 per vertex: x, y, step index t
  std::vector<uint32_t> rgba;  // 1 per vertex
  std::vector<int32_t> first;  // first vertex of each line
  std::vector<int32_t> count;  // vertices of each line
  size_t lines() const { return first.size(); }
  // Starts a new line; add_vertex then appends to it.
  void begin_line() {
    first.push_back(static_cast<int32_t>(rgba.size()));
    count.push_back(0);
  }
  void add_vertex(float x, float y, float t, uint32_t colour) {
    xyt.insert(xyt.end(), {x, y, t});
    rgba.push_back(colour);
    ++count.back();
  }
};

}  // namespace egeot::viz
