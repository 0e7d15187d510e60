#include "core/image_folder.h"

#include "core/error.h"

#include <stb_image.h>
#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <memory>

namespace fs = std::filesystem;

namespace egeot {
namespace {

void check_shape(const ImageShape& shape, const std::string& origin) {
  if (shape.channels != 1 && shape.channels != 3) {
    throw InputError(origin + ": image channels " + std::to_string(shape.channels) +
                     ", expected 1 (grey) or 3 (RGB)");
  }
  if (shape.height < 1 || shape.width < 1 || shape.height > 4096 || shape.width > 4096) {
    throw InputError(origin + ": image size " + std::to_string(shape.height) + "x" +
                     std::to_string(shape.width) + ", expected 1 to 4096 pixels a side");
  }
}

// Decodes with stb_image; returns an undefined tensor and sets `reason` when it cannot.
torch::Tensor decode(const std::string& file, int64_t channels, std::string& reason) {
  int w = 0, h = 0, n = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
      stbi_load(file.c_str(), &w, &h, &n, static_cast<int>(channels)), stbi_image_free);
  if (!pixels) {
    const char* why = stbi_failure_reason();
    reason = why ? why : "unknown reason";
    return {};
  }
  return torch::from_blob(pixels.get(), {h, w, channels}, torch::kUInt8)
      .permute({2, 0, 1})
      .to(torch::kFloat32)
      .div_(255.0);
}

}  // namespace

torch::Tensor fit_image(const torch::Tensor& image, const ImageShape& shape) {
  const int64_t h = image.size(1), w = image.size(2);
  // Centre crop to the target aspect ratio, so nothing is stretched.
  int64_t ch = h, cw = w;
  if (h * shape.width > w * shape.height) {
    ch = std::max<int64_t>(1, (w * shape.height + shape.width / 2) / shape.width);
  } else {
    cw = std::max<int64_t>(1, (h * shape.width + shape.height / 2) / shape.height);
  }
  auto x = image.narrow(1, (h - ch) / 2, ch).narrow(2, (w - cw) / 2, cw).unsqueeze(0);
  namespace F = torch::nn::functional;
  if (ch == shape.height && cw == shape.width) return x.squeeze(0).contiguous();
  if (ch >= shape.height && cw >= shape.width) {
    x = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions({shape.height, shape.width}));
  } else {
    x = F::interpolate(x, F::InterpolateFuncOptions()
                              .size(std::vector<int64_t>{shape.height, shape.width})
                              .mode(torch::kBilinear)
                              .align_corners(false));
  }
  return x.squeeze(0).clamp(0.0, 1.0).contiguous();
}

torch::Tensor load_image_file(const std::string& file, const ImageShape& shape) {
  check_shape(shape, file);
  if (!fs::is_regular_file(file)) throw InputError(file + ": no such image file");
  std::string reason;
  auto image = decode(file, shape.channels, reason);
  if (!image.defined()) throw InputError(file + ": not a readable image (" + reason + ")");
  return fit_image(image, shape);
}

ImageSet load_image_folder(const std::string& dir, const ImageLoadOptions& options,
                           const WarningSink& warn) {
  check_shape(options.shape, dir);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir + ": no such directory");
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || !entry.is_regular_file()) continue;
    files.push_back(entry.path().string());
  }
  if (ec) throw InputError(dir + ": cannot list the directory (" + ec.message() + ")");
  std::sort(files.begin(), files.end());
  ImageSet set;
  std::vector<torch::Tensor> images;
  for (const auto& file : files) {
    if (options.limit > 0 && static_cast<int64_t>(images.size()) >= options.limit) break;
    std::string reason;
    auto image = decode(file, options.shape.channels, reason);
    if (!image.defined()) {
      if (warn) warn(file + ": skipped (not a readable image: " + reason + ")");
      continue;
    }
    images.push_back(fit_image(image, options.shape));
    set.files.push_back(file);
  }
  if (images.empty()) {
    throw InputError(dir + ": holds no readable image (" + std::to_string(files.size()) +
                     " files looked at; jpg, png, bmp, gif, tga, ppm/pgm, psd and hdr are read)");
  }
  set.images = torch::stack(images);
  set.labels = torch::full({set.size()}, -1, torch::kInt64);
  return set;
}

}  // namespace egeot
