#pragma once
// A generator G: latent z -> image, behind one interface so the latent cost
// c(x, z) = 1/2 |G(z) - x|^2 works the same for egeot's own small generator and for a
// TorchScript export (e.g. StyleGAN2-ADA). The target of an image scene is the prior N(0, I)
// on z; a translation of x is G(z) for z ~ pi(.|x).
#include "core/data/image_shape.h"

#include <torch/types.h>

#include <memory>
#include <string>

namespace egeot {

class Generator {
 public:
  virtual ~Generator() = default;
  virtual int64_t z_dim() const = 0;
  virtual ImageShape image_shape() const = 0;
  // z: [B, z_dim] on device() -> images [B, C, H, W] in [0, 1]; differentiable in z.
  virtual torch::Tensor decode(const torch::Tensor& z) = 0;
  virtual torch::Device device() const = 0;
  virtual void to(torch::Device device) = 0;
  // One line for status displays: kind, file, z_dim, resolution.
  virtual std::string describe() const = 0;
};

// A generator from a path: a directory written by `egeot fit-generator` (egeot's own) or a
// TorchScript file (.pt) meeting the contract above. The loader runs a probe batch and throws
// InputError naming the file when the contract is broken (output shape, range, finiteness).
// z_dim: a TorchScript module's latent dimension when it has no `z_dim` attribute (0: none).
std::shared_ptr<Generator> load_generator(const std::string& path, torch::Device device,
                                          int64_t z_dim = 0);

}  // namespace egeot
