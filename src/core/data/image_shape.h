#pragma once
// The shape of one image, shared by datasets and the generators that draw them.
#include <cstdint>

namespace egeot {

struct ImageShape {
  int64_t channels = 1;
  int64_t height = 28;
  int64_t width = 28;
  int64_t numel() const { return channels * height * width; }
};

}  // namespace egeot
