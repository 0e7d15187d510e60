#pragma once
// egeot's own generator: a small convolutional decoder G(z) (z ~ N(0, I) in R^z_dim -> image)
// with the deterministic encoder it was trained with (a Wasserstein auto-encoder, see
// generator_fit.h). Saved as a directory: config.json (written last, the commit point) beside
// decoder.pt and encoder.pt; load_generator() recognises such a directory.
#include "core/generators/generator.h"
#include "core/generators/subpixel_conv.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>
#include <string>

namespace egeot {

struct BuiltinSpec {
  int64_t z_dim = 16;
  ImageShape shape{1, 28, 28};  // height and width divisible by 4
  int64_t base_channels = 32;   // the decoder's widest layer has 2x this many channels
};

// z [B, z_dim] -> Linear -> [2b, H/4, W/4] -> up x2 -> [b, H/2, W/2] -> up x2 -> [b/2, H, W]
// -> 3x3 conv -> sigmoid: [B, C, H, W] in (0, 1). The up-samplings keep their weights as
// transposed convolutions (the file format) and run as sub-pixel convolutions (subpixel_conv.h).
class ConvDecoderImpl : public torch::nn::Module {
 public:
  explicit ConvDecoderImpl(const BuiltinSpec& spec);
  torch::Tensor forward(const torch::Tensor& z);

 private:
  // A frozen decoder derives each sub-pixel kernel once per change of its weights (load, to).
  struct CachedKernel {
    SubpixelKernel kernel;
    const void* weight = nullptr;
    const void* bias = nullptr;
    int64_t weight_version = -1, bias_version = -1;
  };
  SubpixelKernel kernel(const torch::nn::ConvTranspose2d& up, CachedKernel& cache);

  BuiltinSpec spec_;
  std::mutex cache_mutex_;  // decode may run on the studio's trainer and sampler threads
  CachedKernel cache1_, cache2_;
  torch::nn::Linear fc_{nullptr};
  torch::nn::ConvTranspose2d up1_{nullptr}, up2_{nullptr};
  torch::nn::Conv2d out_{nullptr};
};
TORCH_MODULE(ConvDecoder);

// [B, C, H, W] -> two stride-2 convolutions -> Linear -> z [B, z_dim] (deterministic).
class ConvEncoderImpl : public torch::nn::Module {
 public:
  explicit ConvEncoderImpl(const BuiltinSpec& spec);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d down1_{nullptr}, down2_{nullptr};
  torch::nn::Linear fc_{nullptr};
};
TORCH_MODULE(ConvEncoder);

class BuiltinGenerator : public Generator {
 public:
  BuiltinGenerator(const BuiltinSpec& spec, torch::Device device, std::string origin = "");

  int64_t z_dim() const override { return spec_.z_dim; }
  ImageShape image_shape() const override { return spec_.shape; }
  torch::Tensor decode(const torch::Tensor& z) override { return decoder_->forward(z); }
  torch::Device device() const override { return device_; }
  void to(torch::Device device) override;
  std::string describe() const override;

  // x [B, C, H, W] in [0, 1] -> z [B, z_dim]: the encoder's point estimate of x's latent.
  torch::Tensor encode(const torch::Tensor& x) { return encoder_->forward(x); }
  const BuiltinSpec& spec() const { return spec_; }
  ConvDecoder& decoder() { return decoder_; }
  ConvEncoder& encoder() { return encoder_; }
  // Whether the weights take gradients: on while fitting, off once fitted or loaded, so a
  // latent cost's backward pass computes dG/dz only.
  void set_trainable(bool trainable);
  // Free-form facts kept in config.json: dataset, class, fit statistics, diagnostics.
  nlohmann::json& info() { return info_; }
  const nlohmann::json& info() const { return info_; }

 private:
  BuiltinSpec spec_;
  torch::Device device_;
  std::string origin_;
  ConvDecoder decoder_{nullptr};
  ConvEncoder encoder_{nullptr};
  nlohmann::json info_ = nlohmann::json::object();
};

// True when `dir` holds a config.json of egeot's generator format.
bool is_builtin_generator_dir(const std::string& dir);

// Writes the generator into a sibling temporary directory, then renames it to `dir`, so `dir`
// either does not exist or holds a complete generator. Refuses (InputError, nothing
// overwritten) when `dir` already exists and is not empty.
void save_builtin_generator(const std::string& dir, BuiltinGenerator& generator);

// Reads a directory written by save_builtin_generator; InputError naming the file on any
// problem (missing, other format, weights of another shape).
std::shared_ptr<BuiltinGenerator> load_builtin_generator(const std::string& dir,
                                                         torch::Device device);

}  // namespace egeot
