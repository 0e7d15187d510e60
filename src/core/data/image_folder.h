#pragma once
// Any folder of images (jpg, png, bmp, gif, tga, ppm/pgm, psd, hdr via stb_image), converted
// to float [0, 1], centre-cropped to the requested aspect ratio and resized to H x W x C.
// A file that does not decode is skipped with a warning naming it; no image at all is an error.
#include "core/data/image_set.h"
#include "core/data/image_shape.h"

#include <functional>
#include <string>
#include <vector>

namespace egeot {

struct ImageLoadOptions {
  ImageShape shape{3, 64, 64};  // channels 1 (grey) or 3 (RGB)
  int64_t limit = 0;            // at most this many images (in file-name order); 0: all
};

// Receives one line per skipped file, e.g. "x/notes.txt: skipped (not an image: ...)".
using WarningSink = std::function<void(const std::string&)>;

// The regular files of `dir` (not recursive, hidden files ignored), in name order.
// Throws InputError when `dir` is not a directory or no file decodes.
ImageSet load_image_folder(const std::string& dir, const ImageLoadOptions& options,
                           const WarningSink& warn = {});

// One image file; throws InputError naming it when it does not decode.
torch::Tensor load_image_file(const std::string& file, const ImageShape& shape);

// Centre-crops [C, h, w] to the aspect ratio of `shape` and resizes: area average when
// shrinking, bilinear when enlarging. Values stay in [0, 1].
torch::Tensor fit_image(const torch::Tensor& image, const ImageShape& shape);

}  // namespace egeot
