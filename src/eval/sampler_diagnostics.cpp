#include "eval/sampler_diagnostics.h"

#include "base/error.h"
#include "core/ot/sample_distance.h"
#include "eval/chain_diagnostics.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace egeot {
namespace {

// Q's radius: the largest distance of 2000 of its samples from their mean.
constexpr int64_t kRadiusSamples = 2000;
// Cells holding less than this share of the densest cell's mass are left out of the zoom.
constexpr double kMassShown = 1e-6;

// Coordinate j of paths [T, C, D] at steps [from, to) as chain-major draws.
ChainDraws coordinate_draws(const torch::Tensor& paths, int64_t from, int64_t to, int64_t j) {
  auto block = paths.slice(0, from, to).select(2, j).t().to(torch::kFloat64).contiguous();
  ChainDraws d;
  d.chains = block.size(0);
  d.length = block.size(1);
  d.draws.assign(block.data_ptr<double>(), block.data_ptr<double>() + block.numel());
  return d;
}

void check_window(const torch::Tensor& paths, int64_t from, int64_t to, int64_t least) {
  if (paths.dim() != 3 || from < 0 || to > paths.size(0) || to - from < least) {
    throw InputError(
        "chain diagnostics: expected paths [steps, chains, dim] and a window of at least " +
        std::to_string(least) + " steps");
  }
}

}  // namespace

Grid2D grid_on_mass(EgeotModel& model, const torch::Tensor& x, const Grid2D& coarse,
                    int64_t cells) {
  auto density = conditional_on_grid(model, x, coarse).density;
  auto mass = density * cell_area(coarse);
  auto kept = torch::nonzero(mass > kMassShown * mass.max());  // [k, 2]: (row, col)
  const double dx = (coarse.xmax - coarse.xmin) / static_cast<double>(coarse.nx);
  const double dy = (coarse.ymax - coarse.ymin) / static_cast<double>(coarse.ny);
  auto lo = std::get<0>(kept.min(0)), hi = std::get<0>(kept.max(0));
  Grid2D g = coarse;
  g.xmin = coarse.xmin + dx * static_cast<double>(lo[1].item<int64_t>() - 2);
  g.xmax = coarse.xmin + dx * static_cast<double>(hi[1].item<int64_t>() + 3);
  g.ymin = coarse.ymin + dy * static_cast<double>(lo[0].item<int64_t>() - 2);
  g.ymax = coarse.ymin + dy * static_cast<double>(hi[0].item<int64_t>() + 3);
  g.nx = g.ny = cells;
  return g;
}

const char* start_group_name(int group) {
  static const char* names[kStartGroups] = {"x", "target", "far"};
  return group >= 0 && group < kStartGroups ? names[group] : "?";
}

double path_rhat(const torch::Tensor& paths, int64_t from, int64_t to) {
  check_window(paths, from, to, 4);
  double worst = 0;
  for (int64_t j = 0; j < paths.size(2); ++j) {
    const double r = split_rhat(coordinate_draws(paths, from, to, j));
    if (std::isnan(r)) continue;  // every draw equal: no evidence either way
    worst = std::max(worst, r);
  }
  return worst;
}

double path_ess(const torch::Tensor& paths, int64_t from, int64_t to) {
  check_window(paths, from, to, 8);
  double least = INFINITY;
  for (int64_t j = 0; j < paths.size(2); ++j) {
    const double e = bulk_ess(coordinate_draws(paths, from, to, j));
    if (!std::isnan(e)) least = std::min(least, e);
  }
  return std::isinf(least) ? 0 : least;
}

torch::Tensor diagnostic_starts(EgeotModel& model, const torch::Tensor& x, int64_t n,
                                std::vector<int>& group) {
  const int64_t dim = model.scene().potential.dim;
  auto xr = x.to(torch::kCPU, torch::kFloat32).reshape({1, dim});
  auto q = model.target().sample(kRadiusSamples).to(torch::kCPU, torch::kFloat32);
  auto centre = q.mean(0, true);
  const double radius = (q - centre).norm(2, 1).max().item<double>();
  group.resize(static_cast<size_t>(n));
  std::vector<torch::Tensor> parts;
  for (int g = 0; g < kStartGroups; ++g) {
    const int64_t m = n * (g + 1) / kStartGroups - n * g / kStartGroups;
    for (int64_t i = n * g / kStartGroups; i < n * (g + 1) / kStartGroups; ++i)
      group[static_cast<size_t>(i)] = g;
    if (m == 0) continue;
    if (g == 0) {
      parts.push_back(xr + std::sqrt(model.scene().eps) * torch::randn({m, dim}));
    } else if (g == 1) {
      parts.push_back(model.target().sample(m).to(torch::kCPU, torch::kFloat32));
    } else {
      auto dir = torch::randn({m, dim});
      dir = dir / dir.norm(2, 1, true).clamp_min(1e-12);
      parts.push_back(centre + kFarRadius * radius * dir);
    }
  }
  return torch::cat(parts);
}

SamplerDiagnostics diagnose_sampler(EgeotModel& model, const LangevinSettings& settings,
                                    const torch::Tensor& x, const DiagnosticOptions& o,
                                    const Grid2D& grid, const torch::Tensor& density,
                                    const torch::Tensor& reference) {
  if (o.steps < 16)
    throw InputError("--steps: expected at least 16 steps for the chain diagnostics");
  if (o.chains < 2 * kStartGroups)
    throw InputError("--chains: expected at least 6 chains (two per start)");
  const int64_t dim = model.scene().potential.dim;
  SamplerDiagnostics r;
  r.steps = o.steps;
  r.chains = o.chains;
  r.kind = settings.kind;

  auto y0 = diagnostic_starts(model, x, o.chains, r.group);
  auto xs =
      x.to(torch::kCPU, torch::kFloat32).reshape({1, dim}).expand({o.chains, dim}).contiguous();
  LangevinSampler sampler(settings, model.scene().eps, model.shared_cost(),
                          model.sampler().eps_knee());
  LangevinTrace trace;
  const auto device = model.device();
  if (model.eps_conditioned()) {
    auto e = torch::full({o.chains}, model.scene().eps, torch::TensorOptions().device(device));
    sampler.run(model.potential(), xs.to(device), y0.to(device), e, o.steps, &trace, o.chains);
  } else {
    sampler.run(model.potential(), xs.to(device), y0.to(device), o.steps, &trace, o.chains);
  }
  r.paths = trace.paths.to(torch::kCPU, torch::kFloat32).contiguous();
  if (!torch::isfinite(r.paths).all().item<bool>()) {
    throw InputError(
        "chain diagnostics: the chains are not finite (the model diverged, or the step is too "
        "large for it)");
  }
  r.acceptance = trace.acceptance;
  r.collapsed = trace.collapsed;
  r.collapse_reason = trace.collapse_reason;
  r.gradient_evaluations = trace.gradient_evaluations;  // batched: one per chain
  r.step = trace.step_size.empty() ? settings.noise : trace.step_size.back();
  if (!r.acceptance.empty()) {
    const size_t half = r.acceptance.size() / 2;
    double sum = 0;
    for (size_t k = half; k < r.acceptance.size(); ++k) sum += r.acceptance[k];
    r.mean_acceptance = sum / static_cast<double>(r.acceptance.size() - half);
  }

  const bool with_tv = density.defined() && dim == 2;
  if (with_tv) r.tv_floor = tv_sampling_floor(density, grid, o.chains);
  const int64_t points = std::max<int64_t>(1, o.curve_points);
  for (int64_t i = 1; i <= points; ++i) {
    const int64_t k = o.steps * i / points;
    if (k - k / 2 < 4) continue;  // R̂ needs at least 4 draws per chain
    r.curve_steps.push_back(k);
    r.rhat.push_back(path_rhat(r.paths, k / 2 + 1, k + 1));
    if (with_tv) r.tv.push_back(total_variation_on_grid(r.paths[k], density, grid));
  }
  r.rhat_final = path_rhat(r.paths, o.steps / 2 + 1, o.steps + 1);
  r.ess_final = path_ess(r.paths, o.steps / 2 + 1, o.steps + 1);
  if (reference.defined())
    r.energy_to_reference = energy_distance(r.paths[o.steps], reference.to(torch::kCPU));
  return r;
}

}  // namespace egeot
