#include "core/data/image_png.h"

#include "base/atomic_file.h"
#include "base/error.h"

#include <stb_image_write.h>
#include <torch/torch.h>

#include <fstream>

namespace egeot {

torch::Tensor image_grid(const torch::Tensor& images_in, int64_t cols, int64_t scale) {
  TORCH_CHECK(images_in.dim() == 4, "image_grid: expected [N, C, H, W]");
  auto images = images_in.detach().to(torch::kCPU, torch::kFloat32).clamp(0.0, 1.0);
  if (scale > 1) images = images.repeat_interleave(scale, 2).repeat_interleave(scale, 3);
  const int64_t n = images.size(0), c = images.size(1), h = images.size(2), w = images.size(3);
  cols = std::max<int64_t>(1, std::min(cols, n));
  const int64_t rows = (n + cols - 1) / cols;
  auto grid = torch::full({c, rows * (h + 1) + 1, cols * (w + 1) + 1}, 0.5f);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t r = i / cols, k = i % cols;
    grid.narrow(1, 1 + r * (h + 1), h).narrow(2, 1 + k * (w + 1), w).copy_(images[i]);
  }
  return grid.mul(255.0).round_().to(torch::kUInt8);
}

void write_png_grid(const std::string& path, const torch::Tensor& images, int64_t cols,
                    int64_t scale) {
  if (images.dim() != 4 || (images.size(1) != 1 && images.size(1) != 3) || images.size(0) == 0) {
    throw InputError(path + ": cannot write a PNG of a tensor of shape " +
                     c10::str(images.sizes()) + " (expected [N, 1 or 3, H, W])");
  }
  const auto grid = image_grid(images, cols, scale).permute({1, 2, 0}).contiguous();
  const int h = static_cast<int>(grid.size(0)), w = static_cast<int>(grid.size(1));
  const int c = static_cast<int>(grid.size(2));
  write_atomically(path, [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) throw InputError(path + ": cannot write (cannot create a file in its directory)");
    auto sink = [](void* context, void* data, int size) {
      static_cast<std::ofstream*>(context)->write(static_cast<const char*>(data), size);
    };
    if (!stbi_write_png_to_func(sink, &out, w, h, c, grid.data_ptr<uint8_t>(), w * c)) {
      throw InputError(path + ": PNG encoding failed");
    }
    out.flush();
    if (!out) throw InputError(path + ": cannot write (disk full?)");
  });
}

}  // namespace egeot
