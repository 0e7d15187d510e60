#pragma once
// Perceptual colour maps computed from their published anchor colours (matplotlib's
// viridis and magma at eleven evenly spaced points), interpolated linearly; no image files.
#include <cstdint>
#include <vector>

namespace egeot::viz {

enum class Colormap { kViridis, kMagma };

struct Rgb {
  float r = 0, g = 0, b = 0;  // in [0, 1]
};

// t is clamped to [0, 1]; NaN maps to 0.
Rgb colormap(Colormap map, float t);
// n RGB8 triples, t = i / (n - 1): the heat map shader's lookup texture.
std::vector<uint8_t> colormap_lut(Colormap map, int n);
const char* colormap_name(Colormap map);
// RGBA8 per value: lo maps to the start of the map, hi to its end, values outside clamp;
// NaN and infinities become transparent.
std::vector<uint8_t> colourise(const std::vector<float>& values, float lo, float hi, Colormap map);
// Relative luminance (Rec. 709 on linearised sRGB), for tests and contrast choices.
float luminance(Rgb c);

}  // namespace egeot::viz
