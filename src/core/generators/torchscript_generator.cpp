#include "core/generators/torchscript_generator.h"

#include "base/error.h"
#include "base/torch_archive.h"
#include "core/nets/archive_tensors.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/script.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <cmath>
#include <filesystem>
#include <sstream>

namespace egeot {

namespace {

// Values a little outside [0, 1] are rounding (a float sigmoid or clamp never leaves it;
// an affine map of tanh may by an ulp or so); anything larger is a broken contract.
constexpr double kRangeTolerance = 1e-3;

std::string shape_string(const torch::Tensor& t) {
  std::ostringstream s;
  s << t.sizes();
  return s.str();
}

// At most 160 characters, and no control character: torch quotes bytes of the file (a
// damaged version record held a carriage return), and a message must stay one line.
std::string clipped(std::string s) {
  for (auto& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  if (s.size() > 160) s = s.substr(0, 157) + "...";
  return s;
}

// c10::Error messages run over several lines with a backtrace: keep the first line.
std::string first_line(const char* what) {
  std::string s(what);
  return clipped(s.substr(0, s.find('\n')));
}

// The TorchScript interpreter's errors end with the line that says what went wrong.
std::string last_line(const char* what) {
  std::string s(what);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return clipped(s.substr(s.rfind('\n') == std::string::npos ? 0 : s.rfind('\n') + 1));
}

class TorchScriptGenerator : public Generator {
 public:
  TorchScriptGenerator(torch::jit::Module module, std::string file, int64_t z_dim,
                       torch::Device device)
      : module_(std::move(module)), file_(std::move(file)), z_dim_(z_dim), device_(device) {
    module_.eval();
    // Only z is differentiated: gradients for G's own weights would be wasted work.
    for (auto p : module_.parameters()) p.set_requires_grad(false);
  }

  int64_t z_dim() const override { return z_dim_; }
  ImageShape image_shape() const override { return shape_; }
  torch::Device device() const override { return device_; }

  torch::Tensor decode(const torch::Tensor& z) override {
    auto out = module_.forward({z});
    if (!out.isTensor()) {
      throw InputError(file_ + ": forward(z) returned a " + out.tagKind() +
                       " (expected one tensor [B, C, H, W])");
    }
    return out.toTensor();
  }

  void to(torch::Device device) override {
    module_.to(device);
    device_ = device;
  }

  std::string describe() const override {
    return "TorchScript " + std::filesystem::path(file_).filename().string() + ", z_dim " +
           std::to_string(z_dim_) + ", " + std::to_string(shape_.channels) + "x" +
           std::to_string(shape_.height) + "x" + std::to_string(shape_.width);
  }

  // Set once from the probe batch: the module itself does not declare its output shape.
  void set_image_shape(const ImageShape& shape) { shape_ = shape; }

 private:
  torch::jit::Module module_;
  std::string file_;
  int64_t z_dim_;
  torch::Device device_;
  ImageShape shape_{0, 0, 0};
};

// One probe: decode a seeded batch of `batch` latents and check every clause of the contract.
torch::Tensor probe(Generator& g, const std::string& origin, int64_t batch, uint64_t seed,
                    bool check_gradient) {
  torch::AutoGradMode grad_mode(check_gradient);  // whatever the caller's mode
  auto gen = at::detail::createCPUGenerator(seed);
  auto z = at::randn({batch, g.z_dim()}, gen, torch::kFloat32).to(g.device());
  if (check_gradient) z.set_requires_grad(true);
  torch::Tensor x;
  try {
    x = g.decode(z);
  } catch (const InputError&) {
    throw;
  } catch (const c10::Error& e) {
    throw InputError(origin + ": forward(z) failed on z of shape " + shape_string(z) + " (" +
                     first_line(e.what_without_backtrace()) + ")");
  } catch (const std::exception& e) {  // the TorchScript interpreter's, with a traceback
    throw InputError(origin + ": forward(z) failed on z of shape " + shape_string(z) + " (" +
                     last_line(e.what()) + ")");
  }
  if (!x.defined()) throw InputError(origin + ": forward(z) returned an undefined tensor");
  if (x.dim() != 4) {
    throw InputError(origin + ": output has shape " + shape_string(x) + " (expected [B, C, H, W])");
  }
  if (x.size(0) != batch) {
    throw InputError(origin + ": output has batch size " + std::to_string(x.size(0)) +
                     " for a batch of " + std::to_string(batch) +
                     " latents (expected the same; a batch size baked in by tracing?)");
  }
  if (x.scalar_type() != torch::kFloat32) {
    throw InputError(origin + ": output has dtype " + std::string(c10::toString(x.scalar_type())) +
                     " (expected float32)");
  }
  if (x.size(1) != 1 && x.size(1) != 3) {
    throw InputError(origin + ": output has " + std::to_string(x.size(1)) +
                     " channels (expected 1 for grey or 3 for RGB)");
  }
  auto finite = torch::isfinite(x.detach());
  if (!finite.all().item<bool>()) {
    const auto bad = finite.numel() - finite.sum().item<int64_t>();
    throw InputError(origin + ": output has " + std::to_string(bad) +
                     " non-finite values (NaN or inf) for a standard normal z");
  }
  const double lo = x.detach().min().item<double>();
  const double hi = x.detach().max().item<double>();
  if (lo < -kRangeTolerance || hi > 1.0 + kRangeTolerance) {
    std::ostringstream s;
    s << origin << ": output values span [" << lo << ", " << hi
      << "] (expected [0, 1]; a generator with outputs in [-1, 1] needs (x + 1) / 2)";
    throw InputError(s.str());
  }
  if (check_gradient) {
    if (!x.requires_grad()) {
      throw InputError(origin +
                       ": output carries no gradient to z (expected decode(z) to be "
                       "differentiable in z)");
    }
    auto grad = torch::autograd::grad({x.sum()}, {z}, {}, false, false, true)[0];
    if (!grad.defined() || grad.abs().max().item<double>() == 0.0) {
      throw InputError(origin + ": output does not depend on z (its gradient in z is zero)");
    }
    if (!torch::isfinite(grad).all().item<bool>()) {
      throw InputError(origin + ": the gradient of the output in z has NaN or inf values");
    }
  }
  return x.detach();
}

// The whole contract; returns the image shape the probes produced.
ImageShape probe_contract(Generator& generator, const std::string& origin) {
  if (generator.z_dim() <= 0) {
    throw InputError(origin + ": z_dim is " + std::to_string(generator.z_dim()) +
                     " (expected a positive latent dimension)");
  }
  // Two batch sizes: a trace run at one batch size can bake it in, and 1 is the usual
  // degenerate case (squeeze), so probe 2 (with gradients) and then 1.
  const auto a = probe(generator, origin, 2, 20240601, true);
  const auto b = probe(generator, origin, 1, 20240602, false);
  if (!a.sizes().slice(1).equals(b.sizes().slice(1))) {
    throw InputError(origin + ": output shape changes with the batch: " + shape_string(a) +
                     " for 2 latents, " + shape_string(b) + " for 1 (expected one [C, H, W])");
  }
  const auto s = generator.image_shape();
  if (s.numel() > 0 && (s.channels != a.size(1) || s.height != a.size(2) || s.width != a.size(3))) {
    std::ostringstream m;
    m << origin << ": output images are " << a.size(1) << "x" << a.size(2) << "x" << a.size(3)
      << " but the generator declares " << s.channels << "x" << s.height << "x" << s.width;
    throw InputError(m.str());
  }
  return {a.size(1), a.size(2), a.size(3)};
}

}  // namespace

void check_generator_contract(Generator& generator, const std::string& origin) {
  probe_contract(generator, origin);
}

std::shared_ptr<Generator> load_torchscript_generator(const std::string& file, torch::Device device,
                                                      int64_t z_dim) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    throw InputError(file + ": no such TorchScript file");
  }
  check_torch_archive(file, TorchArchive::kModule);
  torch::jit::Module module;
  try {
    module = torch::jit::load(file, device);
  } catch (const c10::Error& e) {
    throw InputError(file +
                     ": not a TorchScript file this LibTorch (" TORCH_VERSION ") can load (" +
                     first_line(e.what_without_backtrace()) + ")");
  } catch (const std::exception& e) {
    throw InputError(file +
                     ": not a TorchScript file this LibTorch (" TORCH_VERSION ") can load (" +
                     last_line(e.what()) + ")");
  }
  check_module_tensors(module, file);
  if (!module.find_method("forward")) {
    throw InputError(file + ": the module has no forward(z) method");
  }
  int64_t declared = 0;
  if (module.hasattr("z_dim")) {
    const auto attr = module.attr("z_dim");
    if (!attr.isInt() || attr.toInt() <= 0) {
      throw InputError(file + ": attribute z_dim is not a positive int");
    }
    declared = attr.toInt();
  }
  if (declared > 0 && z_dim > 0 && declared != z_dim) {
    throw InputError(file + ": the module's z_dim is " + std::to_string(declared) + " but " +
                     std::to_string(z_dim) + " was asked for");
  }
  if (declared == 0 && z_dim <= 0) {
    throw InputError(file +
                     ": the module has no int attribute z_dim; give the latent dimension "
                     "(e.g. --z-dim) or export with scripts/export-stylegan2.py");
  }
  auto g = std::make_shared<TorchScriptGenerator>(std::move(module), file,
                                                  declared > 0 ? declared : z_dim, device);
  g->set_image_shape(probe_contract(*g, file));
  return g;
}

}  // namespace egeot
