#include "eval/grid_truth.h"

#include "base/error.h"
#include "core/ot/cost_matrix.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace egeot {
namespace {

void check_grid(const Grid2D& g) {
  if (!(g.nx >= 1 && g.ny >= 1 && std::isfinite(g.xmin) && std::isfinite(g.xmax) &&
        std::isfinite(g.ymin) && std::isfinite(g.ymax) && g.xmax > g.xmin && g.ymax > g.ymin)) {
    throw InputError("grid: expected nx, ny >= 1 and finite bounds with xmax > xmin, ymax > ymin");
  }
}

void check_density(const torch::Tensor& density, const Grid2D& grid) {
  if (density.dim() != 2 || density.size(0) != grid.ny || density.size(1) != grid.nx) {
    throw InputError("grid density: expected shape [ny, nx] = [" + std::to_string(grid.ny) + ", " +
                     std::to_string(grid.nx) + "]");
  }
}

void check_eps(double eps) {
  if (!(std::isfinite(eps) && eps > 0)) throw InputError("eps: expected a finite number > 0");
}

}  // namespace

torch::Tensor grid_points(const Grid2D& grid) {
  check_grid(grid);
  const double dx = (grid.xmax - grid.xmin) / grid.nx, dy = (grid.ymax - grid.ymin) / grid.ny;
  auto xs = grid.xmin + dx * (torch::arange(grid.nx, torch::kFloat64) + 0.5);
  auto ys = grid.ymin + dy * (torch::arange(grid.ny, torch::kFloat64) + 0.5);
  // Row r holds y index r: the x coordinate varies fastest.
  auto px = xs.unsqueeze(0).expand({grid.ny, grid.nx});
  auto py = ys.unsqueeze(1).expand({grid.ny, grid.nx});
  return torch::stack({px.reshape(-1), py.reshape(-1)}, 1).to(torch::kFloat);
}

double cell_area(const Grid2D& grid) {
  check_grid(grid);
  return (grid.xmax - grid.xmin) / grid.nx * (grid.ymax - grid.ymin) / grid.ny;
}

torch::Tensor potential_on_grid(const std::function<torch::Tensor(const torch::Tensor&)>& f,
                                const Grid2D& grid, int64_t chunk) {
  torch::NoGradGuard no_grad;
  auto points = grid_points(grid);
  chunk = std::max<int64_t>(chunk, 1);
  std::vector<torch::Tensor> parts;
  for (int64_t i = 0; i < points.size(0); i += chunk) {
    parts.push_back(f(points.slice(0, i, std::min(i + chunk, points.size(0))))
                        .to(torch::kCPU, torch::kFloat64)
                        .reshape(-1));
  }
  return torch::cat(parts).reshape({grid.ny, grid.nx});
}

torch::Tensor potential_on_grid(EgeotModel& model, const Grid2D& grid, int64_t chunk) {
  if (model.scene().potential.dim != 2) {
    throw InputError("grid truth: expected a 2D scene, got dimension " +
                     std::to_string(model.scene().potential.dim));
  }
  return potential_on_grid([&](const torch::Tensor& y) { return model.f(y); }, grid, chunk);
}

GridConditional conditional_from_grid_potential(const torch::Tensor& f_grid, const Cost& cost,
                                                double eps, const torch::Tensor& x,
                                                const Grid2D& grid) {
  check_eps(eps);
  check_density(f_grid, grid);
  if (x.numel() != 2) throw InputError("grid conditional: expected a 2D query point x");
  auto c = cost_matrix(cost, x.reshape({1, 2}), grid_points(grid)).reshape({grid.ny, grid.nx});
  GridConditional out;
  out.energy = (c - f_grid.to(torch::kFloat64)) / eps;
  // log ∫ exp(-E) ≈ log sum exp(-E_k) + log |cell|, stable for any eps.
  out.log_normalizer = torch::logsumexp((-out.energy).reshape(-1), 0).item<double>() +
                       std::log(cell_area(grid));
  out.density = torch::exp(-out.energy - out.log_normalizer);
  return out;
}

GridConditional conditional_on_grid(EgeotModel& model, const torch::Tensor& x,
                                    const Grid2D& grid, int64_t chunk) {
  auto f_grid = potential_on_grid(model, grid, chunk);
  return conditional_from_grid_potential(f_grid, model.cost(), model.scene().eps,
                                         x.to(torch::kCPU), grid);
}

torch::Tensor c_transform_on_grid(const torch::Tensor& f_grid, const Cost& cost, double eps,
                                  const torch::Tensor& x, const Grid2D& grid) {
  check_eps(eps);
  check_density(f_grid, grid);
  auto points = grid_points(grid);
  auto f_flat = f_grid.to(torch::kFloat64).reshape({1, -1});
  const double log_area = std::log(cell_area(grid));
  const int64_t rows = std::max<int64_t>(1, (int64_t{1} << 22) / points.size(0));
  auto out = torch::empty({x.size(0)}, torch::kFloat64);
  for (int64_t i = 0; i < x.size(0); i += rows) {
    auto xs = x.slice(0, i, std::min(i + rows, x.size(0)));
    auto c = cost_matrix(cost, xs, points);
    auto lse = torch::logsumexp((f_flat - c) / eps, 1) + log_area;
    out.slice(0, i, i + xs.size(0)).copy_(-eps * lse);
  }
  return out;
}

std::pair<torch::Tensor, torch::Tensor> grid_moments(const torch::Tensor& density, const Grid2D& grid) {
  check_density(density, grid);
  auto p = grid_points(grid).to(torch::kFloat64);
  auto w = (density.to(torch::kFloat64).reshape({-1, 1}) * cell_area(grid));
  auto mean = (w * p).sum(0) / w.sum();
  auto d = p - mean;
  auto cov = torch::matmul((w * d).t(), d) / w.sum();
  return {mean, cov};
}

double total_variation_on_grid(const torch::Tensor& samples, const torch::Tensor& density,
                               const Grid2D& grid) {
  check_density(density, grid);
  if (samples.dim() != 2 || samples.size(1) != 2 || samples.size(0) < 1) {
    throw InputError("grid TV: expected samples of shape [n >= 1, 2]");
  }
  auto s = samples.to(torch::kCPU, torch::kFloat64);
  const double n = static_cast<double>(s.size(0));
  auto col = torch::floor((s.select(1, 0) - grid.xmin) / (grid.xmax - grid.xmin) * grid.nx);
  auto row = torch::floor((s.select(1, 1) - grid.ymin) / (grid.ymax - grid.ymin) * grid.ny);
  auto inside = (col >= 0) & (col < grid.nx) & (row >= 0) & (row < grid.ny);
  auto index = (row * grid.nx + col).masked_select(inside).to(torch::kLong);
  auto hist = torch::bincount(index, {}, grid.nx * grid.ny).to(torch::kFloat64) / n;
  const double outside = 1.0 - inside.sum().item<double>() / n;
  auto cell_mass = density.to(torch::kFloat64).reshape(-1) * cell_area(grid);
  return 0.5 * ((hist - cell_mass).abs().sum().item<double>() + outside);
}

double dual_value_on_grid(EgeotModel& model, const Grid2D& grid, int64_t n_samples) {
  if (n_samples < 1) throw InputError("dual value: expected n_samples >= 1");
  auto f_grid = potential_on_grid(model, grid);
  auto x = model.source().sample(n_samples);
  auto y = model.target().sample(n_samples);
  const double fc = c_transform_on_grid(f_grid, model.cost(), model.scene().eps, x, grid)
                        .mean()
                        .item<double>();
  return fc + model.f(y).to(torch::kFloat64).mean().item<double>();
}

Grid2D grid_around(const torch::Tensor& y) {
  auto lo = std::get<0>(y.min(0)), hi = std::get<0>(y.max(0));
  auto margin = 0.25 * (hi - lo);
  lo = lo - margin;
  hi = hi + margin;
  Grid2D g;
  g.xmin = lo[0].item<double>();
  g.xmax = hi[0].item<double>();
  g.ymin = lo[1].item<double>();
  g.ymax = hi[1].item<double>();
  g.nx = g.ny = 64;
  return g;
}

double tv_sampling_floor(const torch::Tensor& density, const Grid2D& grid, int64_t n) {
  auto p = density.reshape(-1) * cell_area(grid);
  return std::min(1.0, 0.5 * torch::sqrt(p * (1 - p) / static_cast<double>(n)).sum().item<double>());
}

}  // namespace egeot
