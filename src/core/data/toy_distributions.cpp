#include "core/data/toy_distributions.h"

#include <torch/torch.h>

#include <cmath>

namespace egeot {
namespace {

constexpr double kPi = 3.14159265358979323846;

// sklearn.datasets.make_swiss_roll(noise=0.5), columns 0 and 2, divided by 8 (the paper's).
torch::Tensor swissroll(int64_t n) {
  auto t = 1.5 * kPi * (1 + 2 * torch::rand({n}));
  auto xy = torch::stack({t * torch::cos(t), t * torch::sin(t)}, 1);
  return (xy + 0.5 * torch::randn({n, 2})) / 8.0;
}

// Eight unit-variance-0.02 modes on a circle of radius 2 (FFJORD's scale).
torch::Tensor eight_gaussians(int64_t n) {
  auto k = torch::randint(0, 8, {n}, torch::kLong).to(torch::kFloat);
  auto angle = k * (2 * kPi / 8);
  auto centers = 2.0 * torch::stack({torch::cos(angle), torch::sin(angle)}, 1);
  return centers + 0.2 * torch::randn({n, 2});
}

// sklearn.make_moons(noise=0.1), centred and scaled to about [-2, 2].
torch::Tensor moons(int64_t n) {
  auto upper = torch::rand({n}) < 0.5;
  auto t = kPi * torch::rand({n});
  auto x = torch::where(upper, torch::cos(t), 1 - torch::cos(t));
  auto y = torch::where(upper, torch::sin(t), 0.5 - torch::sin(t));
  auto xy = torch::stack({x - 0.5, y - 0.25}, 1) + 0.1 * torch::randn({n, 2});
  return 1.6 * xy;
}

// sklearn.make_circles(factor=0.5, noise=0.08) scaled to radius 2.
torch::Tensor circles(int64_t n) {
  auto outer = torch::rand({n}) < 0.5;
  auto radius = torch::where(outer, torch::full({n}, 2.0), torch::full({n}, 1.0));
  auto angle = 2 * kPi * torch::rand({n});
  auto xy = torch::stack({radius * torch::cos(angle), radius * torch::sin(angle)}, 1);
  return xy + 0.16 * torch::randn({n, 2});
}

// FFJORD's checkerboard on [-2, 2]^2.
torch::Tensor checkerboard(int64_t n) {
  auto x1 = torch::rand({n}) * 4 - 2;
  auto x2_ = torch::rand({n}) - torch::randint(0, 2, {n}, torch::kLong).to(torch::kFloat) * 2;
  auto x2 = x2_ + torch::floor(x1).remainder(2);
  return torch::stack({x1, x2}, 1);
}

// FFJORD's two spirals, scaled to about [-3, 3]^2 then halved to match the other toys.
torch::Tensor spirals(int64_t n) {
  auto r = torch::sqrt(torch::rand({n})) * 540 * (2 * kPi / 360);
  auto sign = torch::where(torch::rand({n}) < 0.5, torch::full({n}, 1.0), torch::full({n}, -1.0));
  auto x = -torch::cos(r) * r + torch::rand({n}) * 0.5;
  auto y = torch::sin(r) * r + torch::rand({n}) * 0.5;
  auto xy = sign.unsqueeze(1) * torch::stack({x, y}, 1) / 3.0;
  return xy + 0.1 * torch::randn({n, 2});
}

}  // namespace

torch::Tensor IsotropicGaussian::sample(int64_t n) const {
  return torch::randn({n, dim_}) * std_ + mean_;
}

bool Toy2D::known(const std::string& kind) {
  return kind == "swissroll" || kind == "8gaussians" || kind == "moons" || kind == "circles" ||
         kind == "checkerboard" || kind == "spirals";
}

torch::Tensor Toy2D::sample(int64_t n) const {
  if (kind_ == "swissroll") return swissroll(n);
  if (kind_ == "8gaussians") return eight_gaussians(n);
  if (kind_ == "moons") return moons(n);
  if (kind_ == "circles") return circles(n);
  if (kind_ == "checkerboard") return checkerboard(n);
  return spirals(n);
}

}  // namespace egeot
