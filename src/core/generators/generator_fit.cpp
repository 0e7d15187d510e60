#include "core/generators/generator_fit.h"

#include "base/error.h"

#include <torch/torch.h>

#include <cmath>

namespace egeot {

torch::Tensor mmd_imq(const torch::Tensor& a, const torch::Tensor& b) {
  const int64_t n = a.size(0), m = b.size(0), d = a.size(1);
  TORCH_CHECK(n > 1 && m > 1 && b.size(1) == d, "mmd_imq: expected [n, d] and [m, d], n, m > 1");
  const auto daa = torch::cdist(a, a).pow(2);
  const auto dbb = torch::cdist(b, b).pow(2);
  const auto dab = torch::cdist(a, b).pow(2);
  const auto off_a = 1 - torch::eye(n, a.options());
  const auto off_b = 1 - torch::eye(m, b.options());
  torch::Tensor total = torch::zeros({}, a.options());
  for (double s : {0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0}) {
    const double c = 2.0 * static_cast<double>(d) * s;
    total = total + (c / (c + daa) * off_a).sum() / (n * (n - 1)) +
            (c / (c + dbb) * off_b).sum() / (m * (m - 1)) - 2 * (c / (c + dab)).mean();
  }
  return total;
}

WaeLosses wae_losses(BuiltinGenerator& generator, const torch::Tensor& images_in, uint64_t seed) {
  torch::NoGradGuard no_grad;
  const auto images =
      images_in.narrow(0, 0, std::min<int64_t>(1000, images_in.size(0))).to(generator.device());
  auto cpu = at::detail::createCPUGenerator(seed);
  const auto prior = torch::randn({images.size(0), generator.z_dim()}, cpu).to(generator.device());
  const auto z = generator.encode(images);
  WaeLosses out;
  out.recon = (generator.decode(z) - images).pow(2).flatten(1).sum(1).mean().item<double>();
  out.mmd = mmd_imq(z, prior).item<double>();
  return out;
}

std::shared_ptr<BuiltinGenerator> fit_builtin_generator(const torch::Tensor& images_in,
                                                        const FitOptions& o, torch::Device device,
                                                        const FitProgress& progress) {
  const auto& shape = o.spec.shape;
  if (images_in.dim() != 4 || images_in.size(1) != shape.channels ||
      images_in.size(2) != shape.height || images_in.size(3) != shape.width) {
    throw InputError("fit-generator: images of shape " + c10::str(images_in.sizes()) +
                     ", the generator expects [N, " + std::to_string(shape.channels) + ", " +
                     std::to_string(shape.height) + ", " + std::to_string(shape.width) + "]");
  }
  if (images_in.size(0) < 2) throw InputError("fit-generator: needs at least 2 images");
  if (o.iters < 0) throw InputError("fit-generator: iterations must be >= 0");
  if (o.batch < 2) throw InputError("fit-generator: batch must be >= 2");
  torch::manual_seed(o.seed);
  auto generator = std::make_shared<BuiltinGenerator>(o.spec, device);
  const auto images = images_in.to(device, torch::kFloat32);
  const int64_t n = images.size(0);
  const int64_t batch = std::min(o.batch, n);

  std::vector<torch::Tensor> params = generator->decoder()->parameters();
  for (auto& p : generator->encoder()->parameters()) params.push_back(p);
  torch::optim::Adam adam(params, torch::optim::AdamOptions(o.lr).betas({0.5, 0.999}));
  const int64_t decay_start = o.iters - o.iters / 3;

  for (int64_t it = 1; it <= o.iters; ++it) {
    // Learning rate: o.lr, then a geometric decay to o.lr / 10 over the last third.
    if (it > decay_start && o.iters > 0) {
      const double t = double(it - decay_start) / std::max<int64_t>(1, o.iters - decay_start);
      for (auto& group : adam.param_groups()) {
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(o.lr * std::pow(0.1, t));
      }
    }
    const auto index =
        torch::randint(n, {batch}, torch::TensorOptions().dtype(torch::kInt64)).to(device);
    const auto x = images.index_select(0, index);
    const auto z = generator->encode(x);
    const auto recon = (generator->decode(z) - x).pow(2).flatten(1).sum(1).mean();
    const auto prior = torch::randn({batch, o.spec.z_dim}, x.options());
    const auto mmd = mmd_imq(z, prior);
    const auto loss = recon + o.mmd_weight * mmd;
    adam.zero_grad();
    loss.backward();
    adam.step();
    FitStep step{it, o.iters, recon.item<double>(), mmd.item<double>()};
    if (!std::isfinite(step.recon) || !std::isfinite(step.mmd)) {
      throw InputError("fit-generator diverged at iteration " + std::to_string(it) +
                       " (loss is not finite); lower the learning rate");
    }
    if (progress && !progress(step)) break;
  }
  generator->set_trainable(false);
  return generator;
}

}  // namespace egeot
