#include "test_prelude.h"

#include "core/nets/fused_film_gradient.h"
#include "core/nets/potential.h"

#include <string>
#include <vector>

using namespace egeot;

// Named, not anonymous: unity builds put this file beside test_fused_gradient.cpp.
namespace fused_film_test {

// The reference: g(y, eps) and grad_y g(y, eps) by autograd.
std::pair<torch::Tensor, torch::Tensor> film_autograd(Potential& g, const torch::Tensor& y,
                                                      const torch::Tensor& eps) {
  auto yg = y.detach().clone().requires_grad_(true);
  auto value = g->forward(yg, eps);
  auto grad = torch::autograd::grad({value.sum()}, {yg})[0];
  return {value.detach(), grad.detach()};
}

// max |a - b| relative to max |b|: the float tolerance the fused path is held to.
double film_error(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>() / std::max(b.abs().max().item<double>(), 1e-30);
}

constexpr double kFilmTolerance = 1e-5;

// Every parameter random, the FiLM heads too (they start at zero), so that every path
// through the network carries weight.
Potential random_conditioned(const std::string& activation, std::vector<int64_t> widths,
                             double anchor) {
  PotentialSpec spec;
  spec.dim = 3;
  spec.widths = std::move(widths);
  spec.activation = activation;
  spec.negative_slope = 0.15;
  spec.prior_anchor = anchor;
  spec.eps_range = {0.05, 10, 1.0};
  Potential g(spec);
  torch::NoGradGuard no_grad;
  for (auto& p : g->parameters())
    p.copy_(torch::randn_like(p) * 2.0 / std::sqrt(double(p.size(-1))));
  return g;
}

torch::Tensor random_eps(int64_t n) {
  return torch::exp(torch::empty({n}).uniform_(std::log(0.05), std::log(10.0)));
}

}  // namespace fused_film_test

using namespace fused_film_test;

TEST_SUITE("fused_film_gradient") {
  TEST_CASE("value and gradient equal autograd's for every activation, depth and anchor") {
    torch::manual_seed(3);
    for (const char* activation : {"leaky_relu", "relu", "silu", "softplus", "tanh", "elu"}) {
      for (const auto& widths : std::vector<std::vector<int64_t>>{{16}, {24, 16, 8}}) {
        for (double anchor : {0.0, 0.7}) {
          CAPTURE(activation);
          CAPTURE(widths.size());
          CAPTURE(anchor);
          auto g = random_conditioned(activation, widths, anchor);
          auto y = 2 * torch::randn({40, 3});
          auto eps = random_eps(40);
          const auto [value, grad] = film_autograd(g, y, eps);
          FusedFilmGradient fused(g);
          fused.set_eps(eps);
          const auto [fused_value, fused_grad] = fused.value_and_gradient(y);
          CHECK(fused_value.sizes() == value.sizes());
          CHECK(fused_grad.sizes() == grad.sizes());
          CHECK(film_error(fused_value, value) < kFilmTolerance);
          CHECK(film_error(fused_grad, grad) < kFilmTolerance);
          CHECK(film_error(fused.gradient(y), grad) < kFilmTolerance);
          CHECK_FALSE(fused_grad.requires_grad());
        }
      }
    }
  }

  TEST_CASE("a new eps, a new batch size and in-place weight updates are followed") {
    torch::manual_seed(4);
    auto g = random_conditioned("silu", {32, 32}, 0.3);
    FusedFilmGradient fused(g);
    auto y = torch::randn({17, 3});
    auto eps = random_eps(17);
    fused.set_eps(eps);
    CHECK(film_error(fused.gradient(y), film_autograd(g, y, eps).second) < kFilmTolerance);
    auto eps2 = random_eps(17);
    fused.set_eps(eps2);
    const auto moved = film_autograd(g, y, eps2).second;
    CHECK(film_error(fused.gradient(y), moved) < kFilmTolerance);
    // The eps matters: the gradient at the old eps is not the one at the new.
    CHECK(film_error(film_autograd(g, y, eps).second, moved) > 100 * kFilmTolerance);
    auto y5 = torch::randn({5, 3});
    auto eps5 = random_eps(5);
    fused.set_eps(eps5);
    CHECK(film_error(fused.gradient(y5), film_autograd(g, y5, eps5).second) < kFilmTolerance);
    {
      torch::NoGradGuard no_grad;
      for (auto& p : g->parameters()) p.mul_(1.3).add_(0.05);
    }
    fused.set_eps(eps5);
    CHECK(film_error(fused.gradient(y5), film_autograd(g, y5, eps5).second) < kFilmTolerance);
  }

  TEST_CASE("a wrong gradient fails the comparison") {
    torch::manual_seed(5);
    auto g = random_conditioned("leaky_relu", {16, 16}, 0);
    auto y = torch::randn({30, 3});
    auto eps = random_eps(30);
    const auto grad = film_autograd(g, y, eps).second;
    FusedFilmGradient fused(g);
    fused.set_eps(eps.flip(0));  // each chain at another chain's eps
    CHECK(film_error(fused.gradient(y), grad) > 100 * kFilmTolerance);
  }

  TEST_CASE("refuses single-eps potentials, a missing eps and a batch of another size") {
    PotentialSpec single;
    CHECK_THROWS(FusedFilmGradient(Potential(single)));
    auto g = random_conditioned("tanh", {8}, 0);
    FusedFilmGradient fused(g);
    CHECK_THROWS(fused.gradient(torch::randn({4, 3})));
    fused.set_eps(random_eps(4));
    CHECK_THROWS(fused.gradient(torch::randn({5, 3})));
    CHECK_THROWS(fused.gradient(torch::randn({4, 2})));
  }
}
