#pragma once
// Measures of a generator that say whether it is fit to be an EgEOT target: how many latent
// dimensions it uses (the spectrum of the decoder's Jacobian at prior samples), how sharp its
// samples are next to real images, and how close its encoder's latents are to the prior.
#include "core/generators/generator.h"

#include <vector>

namespace egeot {

struct LatentUsage {
  int64_t z_dim = 0;
  double dims_1pct = 0;  // mean over z of #{singular values >= 1 % of the largest}
  double dims_5pct = 0;  // the same at 5 %
  // Mean over z of the singular values divided by the largest, in decreasing order.
  std::vector<double> relative_spectrum;
};

// Jacobian of decode at `samples` draws z ~ N(0, I) (seeded), computed exactly by autograd.
LatentUsage latent_usage(Generator& generator, int64_t samples, uint64_t seed);

// dG(z)/dz for each row of z: [B, C*H*W, z_dim] (double-backward: one pass per latent dim).
torch::Tensor decoder_jacobian(Generator& generator, const torch::Tensor& z);

struct Sharpness {
  double gradient = 0;   // mean |grad| of pixel values (central differences), per pixel
  double laplacian = 0;  // mean over images of the variance of the 4-neighbour Laplacian
};

// images [N, C, H, W] in [0, 1].
Sharpness sharpness(const torch::Tensor& images);

}  // namespace egeot
