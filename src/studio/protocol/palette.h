#pragma once
// The studio's layer colours, chosen to stay apart from each other and from the viridis and
// magma heat maps under them (the smoke test finds source and target points by colour).
#include "viz/plot/colored_points.h"

#include <cstdint>

namespace egeot::studio::palette {

// The canvas's background (the framebuffer's clear colour), RGBA in [0, 1].
inline constexpr float kBackground[4] = {0.07f, 0.075f, 0.09f, 1.0f};

inline uint32_t source() {
  return viz::rgba(255, 140, 40);
}  // orange
inline uint32_t target() {
  return viz::rgba(255, 70, 200);
}  // pink
inline uint32_t generated() {
  return viz::rgba(250, 250, 250);
}  // white
inline uint32_t path() {
  return viz::rgba(120, 235, 255);
}  // light cyan

// Query points and their conditional samples, by query index.
inline uint32_t query(int index, uint8_t alpha = 255) {
  static const uint8_t colours[][3] = {
      {255, 50, 50}, {60, 170, 255}, {255, 230, 60}, {90, 255, 120}, {200, 130, 255}};
  const auto& c = colours[index % 5];
  return viz::rgba(c[0], c[1], c[2], alpha);
}

}  // namespace egeot::studio::palette
