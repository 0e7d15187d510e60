#include "core/generators/builtin_generator.h"

#include "base/atomic_file.h"
#include "base/error.h"
#include "base/file_checksum.h"
#include "base/json_fields.h"
#include "base/notes.h"
#include "base/weights_size.h"
#include "core/nets/module_weights.h"

#include <torch/torch.h>

#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;

namespace egeot {
namespace {

constexpr const char* kFormat = "egeot-generator/1";
constexpr const char* kKind = "builtin-wae-mmd";

void check_spec(const BuiltinSpec& s, const std::string& origin) {
  if (s.z_dim < 1 || s.z_dim > 4096) throw InputError(origin + ": z_dim must be 1 to 4096");
  if (s.shape.channels != 1 && s.shape.channels != 3) {
    throw InputError(origin + ": channels must be 1 or 3");
  }
  if (s.shape.height < 4 || s.shape.width < 4 || s.shape.height % 4 || s.shape.width % 4 ||
      s.shape.height > 256 || s.shape.width > 256) {
    throw InputError(origin +
                     ": the built-in generator needs height and width divisible by 4, "
                     "4 to 256 (got " +
                     std::to_string(s.shape.height) + "x" + std::to_string(s.shape.width) + ")");
  }
  if (s.base_channels < 2 || s.base_channels > 512 || s.base_channels % 2) {
    throw InputError(origin + ": base_channels must be even, 2 to 512");
  }
}

}  // namespace

ConvDecoderImpl::ConvDecoderImpl(const BuiltinSpec& spec) : spec_(spec) {
  const int64_t b = spec.base_channels;
  fc_ = register_module("fc", torch::nn::Linear(spec.z_dim, 2 * b * (spec.shape.height / 4) *
                                                                (spec.shape.width / 4)));
  up1_ = register_module("up1",
                         torch::nn::ConvTranspose2d(
                             torch::nn::ConvTranspose2dOptions(2 * b, b, 4).stride(2).padding(1)));
  up2_ = register_module("up2",
                         torch::nn::ConvTranspose2d(
                             torch::nn::ConvTranspose2dOptions(b, b / 2, 4).stride(2).padding(1)));
  out_ = register_module(
      "out", torch::nn::Conv2d(torch::nn::Conv2dOptions(b / 2, spec.shape.channels, 3).padding(1)));
}

torch::Tensor ConvDecoderImpl::forward(const torch::Tensor& z) {
  const int64_t b = spec_.base_channels;
  auto h = torch::leaky_relu(fc_->forward(z), 0.2)
               .view({z.size(0), 2 * b, spec_.shape.height / 4, spec_.shape.width / 4});
  h = torch::leaky_relu(subpixel_upsample(h, kernel(up1_, cache1_)), 0.2);
  h = torch::leaky_relu(subpixel_upsample(h, kernel(up2_, cache2_)), 0.2);
  return torch::sigmoid(out_->forward(h));
}

SubpixelKernel ConvDecoderImpl::kernel(const torch::nn::ConvTranspose2d& up, CachedKernel& cache) {
  const auto& w = up->weight;
  const auto& b = up->bias;
  if (w.requires_grad() || b.requires_grad()) return subpixel_kernel(w, b);  // training: differentiable
  std::lock_guard<std::mutex> lock(cache_mutex_);
  if (cache.weight != w.data_ptr() || cache.weight_version != w._version() || cache.bias != b.data_ptr() ||
      cache.bias_version != b._version()) {
    torch::NoGradGuard no_grad;
    cache.kernel = subpixel_kernel(w, b);
    cache.weight = w.data_ptr();
    cache.bias = b.data_ptr();
    cache.weight_version = w._version();
    cache.bias_version = b._version();
  }
  return cache.kernel;
}

ConvEncoderImpl::ConvEncoderImpl(const BuiltinSpec& spec) {
  const int64_t b = spec.base_channels;
  down1_ = register_module(
      "down1",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(spec.shape.channels, b, 4).stride(2).padding(1)));
  down2_ = register_module(
      "down2", torch::nn::Conv2d(torch::nn::Conv2dOptions(b, 2 * b, 4).stride(2).padding(1)));
  fc_ = register_module(
      "fc",
      torch::nn::Linear(2 * b * (spec.shape.height / 4) * (spec.shape.width / 4), spec.z_dim));
}

torch::Tensor ConvEncoderImpl::forward(const torch::Tensor& x) {
  auto h = torch::leaky_relu(down1_->forward(x), 0.2);
  h = torch::leaky_relu(down2_->forward(h), 0.2);
  return fc_->forward(h.flatten(1));
}

BuiltinGenerator::BuiltinGenerator(const BuiltinSpec& spec, torch::Device device,
                                   std::string origin)
    : spec_(spec), device_(device), origin_(std::move(origin)) {
  check_spec(spec, origin_.empty() ? "built-in generator" : origin_);
  decoder_ = ConvDecoder(spec);
  encoder_ = ConvEncoder(spec);
  decoder_->to(device);
  encoder_->to(device);
}

void BuiltinGenerator::to(torch::Device device) {
  device_ = device;
  decoder_->to(device);
  encoder_->to(device);
}

void BuiltinGenerator::set_trainable(bool trainable) {
  for (auto& p : decoder_->parameters()) p.set_requires_grad(trainable);
  for (auto& p : encoder_->parameters()) p.set_requires_grad(trainable);
}

std::string BuiltinGenerator::describe() const {
  std::ostringstream s;
  s << "built-in generator";
  if (info_.contains("dataset") && info_.contains("class")) {
    s << " (" << info_["dataset"].get<std::string>() << " " << info_["class"].get<std::string>()
      << ")";
  }
  s << ", z_dim " << spec_.z_dim << ", " << spec_.shape.channels << "x" << spec_.shape.height << "x"
    << spec_.shape.width;
  if (!origin_.empty()) s << ", " << origin_;
  return s.str();
}

bool is_builtin_generator_dir(const std::string& dir) {
  return has_config_format(dir, kFormat);
}

void save_builtin_generator(const std::string& dir, BuiltinGenerator& generator) {
  write_directory_atomically(dir, "the generator", [&](const std::string& tmp_dir) {
    const fs::path tmp(tmp_dir);
    save_module_weights((tmp / "decoder.pt").string(), *generator.decoder());
    save_module_weights((tmp / "encoder.pt").string(), *generator.encoder());
    const auto& s = generator.spec();
    nlohmann::json config = {
        {"format", kFormat},
        {"kind", kKind},
        {"z_dim", s.z_dim},
        {"image",
         {{"channels", s.shape.channels}, {"height", s.shape.height}, {"width", s.shape.width}}},
        {"base_channels", s.base_channels},
        {"decoder", "decoder.pt"},
        {"encoder", "encoder.pt"},
        {"info", generator.info()},
        {"files", digest_files(tmp_dir, {"decoder.pt", "encoder.pt"})},
    };
    write_text_atomically((tmp / "config.json").string(), config.dump(2) + "\n");
  });
}

std::shared_ptr<BuiltinGenerator> load_builtin_generator(const std::string& dir,
                                                         torch::Device device) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir + ": no such generator directory");
  const std::string path = dir + "/config.json";
  if (!fs::exists(path)) {
    throw InputError(path + ": missing (is " + dir +
                     " a generator written by egeot fit-generator?)");
  }
  auto doc = read_json_file(path);
  JsonFields root(doc, path);
  if (root.string("format") != kFormat) root.fail("format", std::string("\"") + kFormat + "\"");
  if (root.string("kind") != kKind) root.fail("kind", std::string("\"") + kKind + "\"");
  BuiltinSpec spec;
  spec.z_dim = root.integer("z_dim", 1, 4096);
  auto image = root.child("image");
  spec.shape.channels = image.integer("channels", 1, 3);
  spec.shape.height = image.integer("height", 4, 256);
  spec.shape.width = image.integer("width", 4, 256);
  spec.base_channels = root.integer("base_channels", 2, 512);
  const std::string decoder = root.file_name("decoder");
  const std::string encoder = root.file_name("encoder");
  const CommittedFiles committed(doc, path, "the generator");
  committed.verify(decoder);
  committed.verify(encoder);
  if (!committed.note().empty()) emit_note(committed.note());
  // Each file holds a linear layer of z_dim x 2 base_channels x (H/4) x (W/4) weights.
  const double linear = static_cast<double>(spec.z_dim) * 2 * spec.base_channels *
                        static_cast<double>(spec.shape.height / 4) * static_cast<double>(spec.shape.width / 4);
  check_weights_can_hold(dir + "/" + decoder, linear, path);
  check_weights_can_hold(dir + "/" + encoder, linear, path);
  auto generator = std::make_shared<BuiltinGenerator>(spec, torch::kCPU, dir);
  load_module_weights(dir + "/" + decoder, *generator->decoder(), "the generator");
  load_module_weights(dir + "/" + encoder, *generator->encoder(), "the generator");
  if (doc.contains("info") && doc["info"].is_object()) generator->info() = doc["info"];
  generator->set_trainable(false);
  generator->to(device);
  return generator;
}

}  // namespace egeot
