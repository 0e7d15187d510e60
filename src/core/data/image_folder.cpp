#include "core/data/image_folder.h"

#include "base/error.h"
#include "base/jpeg_check.h"

#include <stb_image.h>
#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
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

// stb_image's reason, printable: "XXXX PNG chunk not known" quotes the file's bytes.
std::string failure_reason() {
  const char* why = stbi_failure_reason();
  std::string reason = why ? why : "unknown reason";
  for (auto& c : reason) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  }
  return reason;
}

// The most pixels egeot decodes (8K UHD, 7680 x 4320, fits). stb_image allocates for the
// size a header claims before it reads a pixel: a 100-byte file claiming 60000 x 60000 would
// otherwise cost gigabytes.
constexpr int64_t kMaxPixels = int64_t{1} << 25;

// Compressed formats top out near 1000 pixels a byte (deflate, LZW): a header claiming more
// than this is damage, not compression.
constexpr int64_t kMaxPixelsPerByte = 4096;

// Bytes before a binary PNM's pixels: "P5", then width, height and maxval (each after
// whitespace or comments), then one whitespace character.
int64_t pnm_header_size(const std::string& start) {
  size_t i = 2;
  for (int field = 0; field < 3; ++field) {
    while (i < start.size() && (std::isspace(static_cast<unsigned char>(start[i])) || start[i] == '#')) {
      if (start[i] == '#') {
        while (i < start.size() && start[i] != '\n' && start[i] != '\r') ++i;
      } else {
        ++i;
      }
    }
    while (i < start.size() && std::isdigit(static_cast<unsigned char>(start[i]))) ++i;
  }
  return static_cast<int64_t>(i) + 1;
}

// "" when the file can hold the w x h pixels its header claims. stb_image decodes a truncated
// uncompressed PNM or TGA without complaint, filling the rest from uninitialised memory, so
// those must hold every byte of their pixels.
std::string size_problem(const std::string& file, int64_t w, int64_t h, int n) {
  const std::string claim = std::to_string(w) + "x" + std::to_string(h) + " pixels";
  const int64_t pixels = w * h;
  if (pixels > kMaxPixels) return claim + ", more than the " + std::to_string(kMaxPixels) + " egeot decodes";
  std::error_code ec;
  const auto bytes = static_cast<int64_t>(fs::file_size(file, ec));
  if (ec) return "";
  if (pixels > kMaxPixelsPerByte * bytes + (1 << 20)) {
    return claim + " in a file of " + std::to_string(bytes) + " bytes";
  }
  std::string start(1024, '\0');
  std::ifstream in(file, std::ios::binary);
  in.read(start.data(), static_cast<std::streamsize>(start.size()));
  start.resize(static_cast<size_t>(in.gcount()));
  const auto head = [&](size_t i) -> int64_t { return i < start.size() ? static_cast<uint8_t>(start[i]) : 0; };
  if (head(0) == 0xff && head(1) == 0xd8) {
    in.clear();
    in.seekg(0);
    return jpeg_tables_problem(std::string(std::istreambuf_iterator<char>(in), {}));
  }
  int64_t needed = 0;
  if (head(0) == 'P' && (head(1) == '5' || head(1) == '6')) {
    needed = pnm_header_size(start) + pixels * n * (stbi_is_16_bit(file.c_str()) ? 2 : 1);
  } else if (head(2) >= 1 && head(2) <= 3 && head(1) <= 1 && !(head(0) == 'B' && head(1) == 'M')) {
    // TGA without compression (stb's last guess): header, id, colour map, pixels.
    const int64_t palette = head(1) ? (head(5) | head(6) << 8) * ((head(7) + 7) / 8) : 0;
    needed = 18 + head(0) + palette + pixels * ((head(16) + 7) / 8);
  }
  if (needed > bytes) {
    return "truncated: " + claim + " need " + std::to_string(needed) + " bytes, the file has " +
           std::to_string(bytes);
  }
  return "";
}

// Decodes with stb_image; returns an undefined tensor and sets `reason` when it cannot.
torch::Tensor decode(const std::string& file, int64_t channels, std::string& reason) {
  int w = 0, h = 0, n = 0;
  if (!stbi_info(file.c_str(), &w, &h, &n)) {
    reason = failure_reason();
    return {};
  }
  reason = size_problem(file, w, h, n);
  if (!reason.empty()) return {};
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
      stbi_load(file.c_str(), &w, &h, &n, static_cast<int>(channels)), stbi_image_free);
  if (!pixels) {
    reason = failure_reason();
    return {};
  }
  // stb_image hands back an image of zero width or height when a PNM header says so.
  if (w <= 0 || h <= 0) {
    reason = "no pixels (" + std::to_string(w) + "x" + std::to_string(h) + ")";
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
