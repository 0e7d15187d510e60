#include "viz/plot/colormap.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace egeot::viz {
namespace {

constexpr int kAnchors = 11;
using Anchors = std::array<uint32_t, kAnchors>;

// matplotlib's maps sampled at t = 0, 0.1, ..., 1 (0xRRGGBB).
constexpr Anchors kViridis = {0x440154, 0x482576, 0x414487, 0x35608D, 0x2A788E, 0x21908C,
                              0x22A884, 0x43BF71, 0x7AD151, 0xBBDF27, 0xFDE725};
constexpr Anchors kMagma = {0x000004, 0x140E36, 0x3B0F70, 0x641A80, 0x8C2981, 0xB63679,
                            0xDE4968, 0xF7705C, 0xFE9F6D, 0xFECF92, 0xFCFDBF};

Rgb unpack(uint32_t hex) {
  return {((hex >> 16) & 0xFF) / 255.0f, ((hex >> 8) & 0xFF) / 255.0f, (hex & 0xFF) / 255.0f};
}

float linearise(float c) {
  return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}

}  // namespace

Rgb colormap(Colormap map, float t) {
  const Anchors& anchors = map == Colormap::kMagma ? kMagma : kViridis;
  if (!(t > 0)) t = 0;  // also catches NaN
  if (t > 1) t = 1;
  const float pos = t * (kAnchors - 1);
  const int i = std::min(static_cast<int>(pos), kAnchors - 2);
  const float w = pos - i;
  const Rgb a = unpack(anchors[i]), b = unpack(anchors[i + 1]);
  return {a.r + w * (b.r - a.r), a.g + w * (b.g - a.g), a.b + w * (b.b - a.b)};
}

std::vector<uint8_t> colormap_lut(Colormap map, int n) {
  std::vector<uint8_t> out;
  out.reserve(3 * n);
  for (int i = 0; i < n; ++i) {
    const Rgb c = colormap(map, n > 1 ? static_cast<float>(i) / (n - 1) : 0.0f);
    for (float v : {c.r, c.g, c.b}) out.push_back(static_cast<uint8_t>(std::lround(v * 255)));
  }
  return out;
}

std::vector<uint8_t> colourise(const std::vector<float>& values, float lo, float hi, Colormap map) {
  constexpr int kLut = 1024;  // finer than 8-bit colour can show
  const std::vector<uint8_t> lut = colormap_lut(map, kLut);
  const float span = hi > lo ? hi - lo : 1.0f;
  std::vector<uint8_t> out(values.size() * 4);
  for (size_t k = 0; k < values.size(); ++k) {
    uint8_t* px = &out[4 * k];
    const float v = values[k];
    if (!std::isfinite(v)) {
      px[0] = px[1] = px[2] = px[3] = 0;
      continue;
    }
    const float t = std::clamp((v - lo) / span, 0.0f, 1.0f);
    const uint8_t* c = &lut[3 * std::lround(t * (kLut - 1))];
    px[0] = c[0];
    px[1] = c[1];
    px[2] = c[2];
    px[3] = 255;
  }
  return out;
}

const char* colormap_name(Colormap map) {
  return map == Colormap::kMagma ? "magma" : "viridis";
}

float luminance(Rgb c) {
  return 0.2126f * linearise(c.r) + 0.7152f * linearise(c.g) + 0.0722f * linearise(c.b);
}

}  // namespace egeot::viz
