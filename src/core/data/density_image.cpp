#include "core/data/density_image.h"

#include "base/error.h"

#include <stb_image.h>
#include <torch/torch.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

namespace egeot {
namespace {

constexpr int kMaxSide = 2048;  // bounds what a file can allocate (a 4 M-pixel CDF, 32 MiB)
constexpr unsigned char kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

// stb_image's reason, printable: it can quote a chunk name from the file.
std::string stb_reason() {
  const char* why = stbi_failure_reason();
  std::string reason = why ? why : "unknown reason";
  for (auto& c : reason) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  }
  return reason;
}

}  // namespace

DensityExtent default_extent(int64_t height, int64_t width) {
  const double hx = width >= height ? 1.0 : double(width) / double(height);
  const double hy = height >= width ? 1.0 : double(height) / double(width);
  return {-hx, hx, -hy, hy};
}

torch::Tensor read_density_png(const std::string& path, bool invert) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw InputError(path + ": cannot read the density image (no such file)");
  }
  unsigned char head[8] = {};
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the density image (permission denied?)");
    in.read(reinterpret_cast<char*>(head), sizeof(head));
    if (in.gcount() != 8 || std::memcmp(head, kPngSignature, 8) != 0) {
      throw InputError(path + ": not a PNG file (no PNG signature); expected a grayscale PNG");
    }
  }
  int w = 0, h = 0, channels = 0;
  if (!stbi_info(path.c_str(), &w, &h, &channels)) {
    throw InputError(path + ": not a readable PNG (" + stb_reason() + ")");
  }
  if (channels != 1 && channels != 2) {
    throw InputError(path + ": expected a grayscale PNG (1 channel, or 2 with alpha), got " +
                     std::to_string(channels) + " channels (" + (channels == 3 ? "RGB" : "RGBA") +
                     "): save it as grayscale");
  }
  if (w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide) {
    throw InputError(path + ": " + std::to_string(w) + "x" + std::to_string(h) +
                     " pixels; expected at most " + std::to_string(kMaxSide) + " on each side");
  }
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load(path.c_str(), &w, &h, &channels, 0),
                                                   stbi_image_free);
  if (!pixels) throw InputError(path + ": not a readable PNG (" + stb_reason() + ")");
  const auto raw = torch::from_blob(pixels.get(), {h, w, channels}, torch::kUInt8);
  const auto grey = raw.select(2, 0).to(torch::kFloat64).div_(255.0);
  auto mass = invert ? grey : 1.0 - grey;
  if (channels == 2) mass.mul_(raw.select(2, 1).to(torch::kFloat64).div_(255.0));
  if (mass.sum().item<double>() <= 0) {
    throw InputError(
        path + ": every pixel has zero mass (a " + std::string(invert ? "black" : "white") +
        " or transparent image; dark pixels carry mass" +
        (invert ? ", bright ones with invert" : "; set \"invert\": true for bright ones") + ")");
  }
  return mass.contiguous();
}

DensityImage::DensityImage(const torch::Tensor& mass, DensityExtent extent, std::string name)
    : height_(mass.size(0)), width_(mass.size(1)), extent_(extent), name_(std::move(name)) {
  TORCH_CHECK(mass.dim() == 2 && (mass >= 0).all().item<bool>(),
              "DensityImage: expected [H, W] masses >= 0");
  cdf_ = mass.to(torch::kFloat64).reshape({-1}).cumsum(0);
  TORCH_CHECK(cdf_[-1].item<double>() > 0, "DensityImage: no mass");
}

torch::Tensor DensityImage::probabilities() const {
  auto mass = torch::diff(cdf_, 1, 0, torch::zeros({1}, cdf_.options()));
  return (mass / cdf_[-1]).reshape({height_, width_});
}

torch::Tensor DensityImage::sample(int64_t n) const {
  // Inverse CDF: the first pixel whose cumulative mass exceeds u; a pixel without mass has the
  // same cumulative mass as the one before it, so it is never chosen.
  const auto u = torch::rand({n}, torch::kFloat64) * cdf_[-1];
  auto index = torch::searchsorted(cdf_, u, /*out_int32=*/false, /*right=*/true)
                   .clamp_max(height_ * width_ - 1);
  const auto row = index.div(width_, "floor").to(torch::kFloat64);
  const auto col = index.remainder(width_).to(torch::kFloat64);
  const double dx = (extent_.x1 - extent_.x0) / double(width_);
  const double dy = (extent_.y1 - extent_.y0) / double(height_);
  auto x = extent_.x0 + (col + torch::rand({n}, torch::kFloat64)) * dx;
  auto y = extent_.y1 - (row + torch::rand({n}, torch::kFloat64)) * dy;  // row 0 is the top
  return torch::stack({x, y}, 1).to(torch::kFloat32);
}

}  // namespace egeot
