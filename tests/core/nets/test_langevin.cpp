#include "test_prelude.h"

#include "core/ot/cost.h"
#include "core/nets/langevin_sampler.h"
#include "core/nets/potential.h"

#include <cmath>

using namespace egeot;

namespace {

// A potential that is exactly zero: the last layer's weights and bias set to 0.
Potential zero_potential(int64_t dim) {
  Potential g(PotentialSpec{dim, {16, 16}, "leaky_relu", 0.2, {}});
  torch::NoGradGuard no_grad;
  for (auto& p : g->parameters()) p.zero_();
  return g;
}

// Per-coordinate mean and variance of the chains' offsets y - x.
std::pair<torch::Tensor, torch::Tensor> offset_stats(const torch::Tensor& y, const torch::Tensor& x) {
  auto d = (y - x).to(torch::kFloat64);
  return {d.mean(0), d.var(0)};
}

}  // namespace

TEST_SUITE("langevin") {
  // With f = 0 and c = 1/2|x-y|^2, pi(.|x) = N(x, eps I). ULA with step h = sigma^2 has
  // the exact stationary law N(x, v I) with v = eps / (1 - h/(4 eps)); we test against v
  // (not eps) so the bound is pure sampling error.
  TEST_CASE("f = 0 gives the Gaussian conditional N(x, eps I) up to the known ULA bias") {
    torch::manual_seed(7);
    const double eps = 0.5, sigma = 0.2, h = sigma * sigma;
    const double v = eps / (1 - h / (4 * eps));
    const int64_t n = 20000;
    LangevinSettings settings{/*steps=*/600, sigma, /*score_coef=*/1.0, /*decay=*/1.0, 0.0};
    LangevinSampler sampler(settings, eps, std::make_shared<SquaredEuclideanCost>());
    auto g = zero_potential(2);
    auto x = torch::tensor({1.5f, -0.5f}).repeat({n, 1});
    auto y0 = x + 3.0;  // far from the target: the chains must travel
    LangevinTrace trace;
    auto y = sampler.run(g, x, y0, &trace, /*record=*/4);

    auto [mean, var] = offset_stats(y, x);
    const double se_mean = std::sqrt(v / n);
    const double se_var = v * std::sqrt(2.0 / (n - 1));
    for (int j = 0; j < 2; ++j) {
      CHECK(std::abs(mean[j].item<double>()) < 5 * se_mean);
      CHECK(std::abs(var[j].item<double>() - v) < 5 * se_var);
    }

    REQUIRE(trace.noise.size() == 600);
    CHECK(trace.score_drift[0] == doctest::Approx(0.0));
    // E|sigma xi| for xi ~ N(0, I_2) is sigma sqrt(pi/2).
    CHECK(trace.noise[599] == doctest::Approx(sigma * std::sqrt(M_PI / 2)).epsilon(0.03));
    CHECK(trace.cost_drift[0] > trace.cost_drift[599]);
    CHECK(trace.paths.sizes() == torch::IntArrayRef({601, 4, 2}));
    CHECK(torch::equal(trace.paths[0], y0.slice(0, 0, 4)));
  }

  // A linear g(y) = w.y + b (no hidden layer) stores f = s eps g / sigma^2, so
  // pi(.|x) ∝ exp((f - c)/eps) = N(x + s eps w / sigma^2, eps I): checks the drift scaling.
  TEST_CASE("a linear potential shifts the conditional mean by grad f") {
    torch::manual_seed(11);
    const double eps = 0.3, sigma = 0.15, s = 0.5, h = sigma * sigma;
    const double v = eps / (1 - h / (4 * eps));
    const int64_t n = 20000;
    Potential g(PotentialSpec{2, {}, "leaky_relu", 0.2, {}});
    {
      torch::NoGradGuard no_grad;
      g->parameters()[0].copy_(torch::tensor({{0.02f, -0.01f}}));
    }
    LangevinSampler sampler({800, sigma, s, 1.0, 0.0}, eps, std::make_shared<SquaredEuclideanCost>());
    auto x = torch::zeros({n, 2});
    auto y = sampler.run(g, x, x.clone());
    auto [mean, var] = offset_stats(y, x);
    const double shift[2] = {s * eps * 0.02 / h, s * eps * -0.01 / h};
    for (int j = 0; j < 2; ++j) {
      CHECK(std::abs(mean[j].item<double>() - shift[j]) < 5 * std::sqrt(v / n));
      CHECK(std::abs(var[j].item<double>() - v) < 5 * v * std::sqrt(2.0 / n));
    }
  }

  TEST_CASE("per-sample gradient clipping bounds the score drift") {
    Potential g(PotentialSpec{2, {}, "leaky_relu", 0.2, {}});
    {
      torch::NoGradGuard no_grad;
      g->parameters()[0].copy_(torch::tensor({{30.0f, 40.0f}}));  // |grad g| = 50
    }
    const double sigma = 0.1;
    LangevinSampler sampler({1, sigma, 1.0, 1.0, /*grad_clip=*/2.0}, 1.0,
                            std::make_shared<SquaredEuclideanCost>());
    LangevinTrace trace;
    auto x = torch::zeros({8, 2});
    sampler.run(g, x, x.clone(), &trace);
    CHECK(trace.score_drift[0] == doctest::Approx(0.5 * 2.0));
  }

  TEST_CASE("sampling leaves the potential's parameters trainable and gradient-free") {
    auto g = zero_potential(2);
    LangevinSampler sampler({5, 0.1, 1.0, 0.9, 0.0}, 0.1, std::make_shared<SquaredEuclideanCost>());
    auto x = torch::zeros({4, 2});
    auto y = sampler.run(g, x, x.clone());
    CHECK_FALSE(y.requires_grad());
    for (auto& p : g->parameters()) {
      CHECK(p.requires_grad());
      CHECK_FALSE(p.grad().defined());
    }
  }
}
