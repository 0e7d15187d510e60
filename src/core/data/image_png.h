#pragma once
// PNG output of images (stb_image_write, from libstb): one image or a grid of them,
// written atomically so an existing file is never left half-written.
#include <torch/types.h>

#include <string>

namespace egeot {

// images: [N, C, H, W] in [0, 1] (C = 1 or 3), laid out `cols` per row with a 1-pixel
// grey border, each pixel repeated `scale` times. Throws InputError naming `path`.
void write_png_grid(const std::string& path, const torch::Tensor& images, int64_t cols,
                    int64_t scale = 1);

// The grid as [3 or 1, H', W'] uint8 (what write_png_grid writes), for callers that draw it.
torch::Tensor image_grid(const torch::Tensor& images, int64_t cols, int64_t scale = 1);

}  // namespace egeot
