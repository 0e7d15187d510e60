#pragma once
// Fits egeot's built-in generator on a set of images as a Wasserstein auto-encoder with an
// MMD penalty (WAE-MMD, Tolstikhin et al. 2018): a deterministic encoder E, the decoder G,
// loss = mean |G(E(x)) - x|^2 + lambda * MMD_IMQ(E(x), z ~ N(0, I)).
// Why not a VAE: a plain MLP VAE on one Fashion-MNIST class was seen to use only 4-5 of 16
// latent dims (posterior collapse). The MMD term makes the encoded batch match N(0, I) in every
// dimension, so the prior is the right target for EgEOT and the decoder uses all of z.
#include "base/error.h"
#include "core/generators/builtin_generator.h"

#include <functional>
#include <memory>

namespace egeot {

struct FitOptions {
  BuiltinSpec spec;
  int64_t iters = 2000;
  int64_t batch = 100;
  double lr = 1e-3;         // Adam; decays tenfold over the last third of the iterations
  double mmd_weight = 100;  // lambda, against the per-image sum of squared pixel errors
  uint64_t seed = 0;
};

struct FitStep {
  int64_t iteration = 0;  // 1-based
  int64_t total = 0;
  double recon = 0;  // mean per-image sum of squared pixel errors on the batch
  double mmd = 0;    // MMD_IMQ^2 between the encoded batch and a prior batch
};

// Returns false to stop early (e.g. on Ctrl-C); the generator trained so far is returned.
using FitProgress = std::function<bool(const FitStep&)>;

// A fit that its progress callback stopped where only a finished fit will do (the cache):
// nothing was written.
class FitCancelled : public InputError {
 public:
  using InputError::InputError;
};

struct WaeLosses {
  double recon = 0;
  double mmd = 0;
};

// Unbiased MMD^2 between samples a [n, d] and b [m, d] with the inverse multiquadric kernel
// k(x, y) = C / (C + |x - y|^2), summed over C = 2 d s for s in {0.1, 0.2, 0.5, 1, 2, 5, 10}.
torch::Tensor mmd_imq(const torch::Tensor& a, const torch::Tensor& b);

// Deterministic losses of `generator` on `images` (at most 1000 used) with prior draws seeded
// by `seed`, for comparing a generator before and after fitting.
WaeLosses wae_losses(BuiltinGenerator& generator, const torch::Tensor& images, uint64_t seed);

// images: [N, C, H, W] in [0, 1] matching options.spec.shape. Throws InputError on a shape
// mismatch or when the loss stops being finite.
std::shared_ptr<BuiltinGenerator> fit_builtin_generator(const torch::Tensor& images,
                                                        const FitOptions& options,
                                                        torch::Device device,
                                                        const FitProgress& progress = {});

}  // namespace egeot
