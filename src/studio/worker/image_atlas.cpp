#include "studio/worker/image_atlas.h"

#include <torch/torch.h>

#include <algorithm>

namespace egeot::studio {

std::shared_ptr<const viz::TileAtlas> to_atlas(const torch::Tensor& images, int columns) {
  auto out = std::make_shared<viz::TileAtlas>();
  if (!images.defined() || images.dim() != 4 || images.size(0) == 0) return out;
  // [n, H, W, C] bytes on the CPU.
  auto bytes = (images.detach().to(torch::kCPU, torch::kFloat).clamp(0, 1) * 255.0f + 0.5f)
                   .to(torch::kUInt8)
                   .permute({0, 2, 3, 1})
                   .contiguous();
  const int n = int(images.size(0)), channels = int(images.size(1));
  out->tile_height = int(images.size(2));
  out->tile_width = int(images.size(3));
  out->count = n;
  out->columns = std::clamp(columns, 1, n);
  out->rgba.assign(size_t(out->width()) * size_t(out->height()) * 4, 0);
  const uint8_t* src = bytes.data_ptr<uint8_t>();
  for (int i = 0; i < n; ++i) {
    for (int y = 0; y < out->tile_height; ++y) {
      for (int x = 0; x < out->tile_width; ++x) {
        const uint8_t* p = src + ((size_t(i) * out->tile_height + y) * out->tile_width + x) * channels;
        uint8_t* q = out->pixel(i, x, y);
        q[0] = p[0];
        q[1] = channels >= 3 ? p[1] : p[0];
        q[2] = channels >= 3 ? p[2] : p[0];
        q[3] = 255;
      }
    }
  }
  return out;
}

}  // namespace egeot::studio
