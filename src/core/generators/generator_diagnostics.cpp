#include "core/generators/generator_diagnostics.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

namespace egeot {

torch::Tensor decoder_jacobian(Generator& generator, const torch::Tensor& z_in) {
  auto z = z_in.detach().clone().requires_grad_(true);
  const auto y = generator.decode(z).flatten(1);  // [B, P]
  // g = J^T u is linear in u; differentiating g_i in u gives column i of J.
  auto u = torch::zeros_like(y).requires_grad_(true);
  const auto g = torch::autograd::grad({y}, {z}, {u}, /*retain_graph=*/true,
                                       /*create_graph=*/true)[0];
  std::vector<torch::Tensor> columns;
  for (int64_t i = 0; i < z.size(1); ++i) {
    columns.push_back(torch::autograd::grad({g.select(1, i).sum()}, {u}, {},
                                            /*retain_graph=*/true)[0]);
  }
  return torch::stack(columns, 2).detach();
}

LatentUsage latent_usage(Generator& generator, int64_t samples, uint64_t seed) {
  auto cpu = at::detail::createCPUGenerator(seed);
  const auto z = torch::randn({samples, generator.z_dim()}, cpu).to(generator.device());
  const auto jac = decoder_jacobian(generator, z).to(torch::kCPU, torch::kFloat64);
  const auto sv = torch::linalg_svdvals(jac);  // [B, d], decreasing
  const auto rel = sv / sv.select(1, 0).unsqueeze(1).clamp_min(1e-300);
  LatentUsage out;
  out.z_dim = generator.z_dim();
  out.dims_1pct = (rel >= 0.01).sum(1).to(torch::kFloat64).mean().item<double>();
  out.dims_5pct = (rel >= 0.05).sum(1).to(torch::kFloat64).mean().item<double>();
  const auto mean = rel.mean(0).contiguous();
  out.relative_spectrum.assign(mean.data_ptr<double>(), mean.data_ptr<double>() + mean.numel());
  return out;
}

Sharpness sharpness(const torch::Tensor& images_in) {
  torch::NoGradGuard no_grad;
  const auto x = images_in.detach().to(torch::kCPU, torch::kFloat64);
  const int64_t h = x.size(2), w = x.size(3);
  const auto inner = x.narrow(2, 1, h - 2).narrow(3, 1, w - 2);
  const auto dx = (x.narrow(3, 2, w - 2) - x.narrow(3, 0, w - 2)).narrow(2, 1, h - 2) / 2;
  const auto dy = (x.narrow(2, 2, h - 2) - x.narrow(2, 0, h - 2)).narrow(3, 1, w - 2) / 2;
  const auto lap = x.narrow(2, 0, h - 2).narrow(3, 1, w - 2) +
                   x.narrow(2, 2, h - 2).narrow(3, 1, w - 2) +
                   x.narrow(3, 0, w - 2).narrow(2, 1, h - 2) +
                   x.narrow(3, 2, w - 2).narrow(2, 1, h - 2) - 4 * inner;
  Sharpness out;
  out.gradient = (dx.pow(2) + dy.pow(2)).sqrt().mean().item<double>();
  out.laplacian = lap.flatten(1).var(1).mean().item<double>();
  return out;
}

}  // namespace egeot
