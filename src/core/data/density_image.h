#pragma once
// A grayscale PNG as a 2D density (a logo for a talk): each pixel carries mass by its darkness
// (dark ink on a light page; `invert` makes bright pixels heavy), the image covers a rectangle
// of the plane, and sampling is exact: a pixel by inverse CDF over the masses, then a point
// uniform within it.
#include "core/data/distribution.h"

#include <array>
#include <string>

namespace egeot {

struct DensityExtent {
  double x0 = -1, x1 = 1, y0 = -1, y1 = 1;  // [xmin, xmax] x [ymin, ymax]
};

class DensityImage : public Distribution {
 public:
  // mass: [H, W] non-negative, row 0 at the top (y1), not all zero.
  DensityImage(const torch::Tensor& mass, DensityExtent extent, std::string name);
  torch::Tensor sample(int64_t n) const override;
  int64_t dim() const override { return 2; }
  std::string name() const override { return name_; }
  // Each pixel's share of the mass, [H, W], summing to 1.
  torch::Tensor probabilities() const;
  const DensityExtent& extent() const { return extent_; }

 private:
  torch::Tensor cdf_;  // inclusive cumulative mass over pixels in row-major order, float64
  int64_t height_, width_;
  DensityExtent extent_;
  std::string name_;
};

// The image's pixel masses, [H, W] float64: (255 - grey) / 255, or grey / 255 with invert,
// times alpha / 255 in a grey+alpha PNG (transparent pixels are empty). Throws InputError
// naming the file: not a PNG, colour channels, more than 2048 pixels a side, or no mass.
torch::Tensor read_density_png(const std::string& path, bool invert);

// The default extent: the longer side spans [-1, 1], the other keeps the image's aspect ratio.
DensityExtent default_extent(int64_t height, int64_t width);

}  // namespace egeot
