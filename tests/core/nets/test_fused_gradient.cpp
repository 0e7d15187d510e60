#include "test_prelude.h"

#include "core/nets/fused_gradient.h"
#include "core/nets/langevin_sampler.h"
#include "core/nets/potential.h"
#include "core/ot/cost.h"
#include "core/scenes/scene.h"

#include <string>
#include <vector>

using namespace egeot;

namespace {

// The reference: g(y) and grad_y g(y) by autograd.
std::pair<torch::Tensor, torch::Tensor> autograd_value_and_gradient(Potential& g, const torch::Tensor& y) {
  auto yg = y.detach().clone().requires_grad_(true);
  auto value = g->forward(yg);
  auto grad = torch::autograd::grad({value.sum()}, {yg})[0];
  return {value.detach(), grad.detach()};
}

// max |a - b| relative to max |b|: the float tolerance the fused path is held to.
double relative_error(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>() / std::max(b.abs().max().item<double>(), 1e-30);
}

constexpr double kTolerance = 1e-5;

// Spreads the pre-activations over every regime of each activation (negative, around 0,
// softplus past its threshold of 20).
Potential random_potential(const std::string& activation, std::vector<int64_t> widths, double anchor, int64_t dim) {
  PotentialSpec spec;
  spec.dim = dim;
  spec.widths = std::move(widths);
  spec.activation = activation;
  spec.negative_slope = 0.15;
  spec.prior_anchor = anchor;
  Potential g(spec);
  torch::NoGradGuard no_grad;
  for (auto& p : g->parameters()) p.copy_(torch::randn_like(p) * 3.0 / std::sqrt(double(p.size(-1))));
  return g;
}

// The swissroll preset's sampler with a freshly initialised potential (its score drift
// already outweighs the cost drift, so a wrong gradient shows in the paths).
struct SwissrollRun {
  Scene scene = load_scene("swissroll");
  Potential g{nullptr};
  torch::Tensor x, y0;
  SwissrollRun() {
    torch::manual_seed(21);
    g = Potential(scene.potential);
    x = torch::randn({256, 2});
    y0 = x + std::sqrt(scene.eps) * torch::randn({256, 2});
  }
  // All chains' paths, [steps + 1, n, D], from the same seed whatever the gradient.
  torch::Tensor paths(const std::string& gradient, Potential& potential) const {
    auto settings = scene.sampler;
    settings.gradient = gradient;
    LangevinSampler sampler(settings, scene.eps, make_cost(scene.cost));
    LangevinTrace trace;
    torch::manual_seed(5);
    sampler.run(potential, x, y0, &trace, /*record=*/x.size(0));
    return trace.paths;
  }
};

}  // namespace

TEST_SUITE("fused_gradient") {
  TEST_CASE("value and gradient equal autograd's for every activation, width and anchor") {
    torch::manual_seed(3);
    const std::vector<std::vector<int64_t>> shapes = {{}, {7}, {16, 16}, {32, 5, 12}};
    for (const std::string activation : {"leaky_relu", "relu", "silu", "softplus", "tanh", "elu"}) {
      for (const auto& widths : shapes) {
        for (double anchor : {0.0, 0.7}) {
          CAPTURE(activation);
          CAPTURE(widths.size());
          CAPTURE(anchor);
          auto g = random_potential(activation, widths, anchor, 3);
          auto y = 3.0 * torch::randn({64, 3});
          auto [value, grad] = autograd_value_and_gradient(g, y);
          FusedGradient fused(g);
          auto [fused_value, fused_grad] = fused.value_and_gradient(y);
          CHECK(fused_value.sizes() == value.sizes());
          CHECK(fused_grad.sizes() == grad.sizes());
          CHECK(relative_error(fused_value, value) < kTolerance);
          CHECK(relative_error(fused_grad, grad) < kTolerance);
          CHECK(relative_error(fused.gradient(y), grad) < kTolerance);
          CHECK_FALSE(fused_grad.requires_grad());
        }
      }
    }
  }

  TEST_CASE("reused buffers follow the batch size, the input and in-place weight updates") {
    torch::manual_seed(4);
    auto g = random_potential("silu", {16, 8}, 0.0, 2);
    FusedGradient fused(g);
    for (int64_t n : {10, 10, 3, 10}) {
      CAPTURE(n);
      auto y = torch::randn({n, 2});
      CHECK(relative_error(fused.gradient(y), autograd_value_and_gradient(g, y).second) < kTolerance);
    }
    {
      torch::NoGradGuard no_grad;
      for (auto& p : g->parameters()) p.mul_(-1.5);  // as an optimiser step would, in place
    }
    auto y = torch::randn({10, 2});
    CHECK(relative_error(fused.gradient(y), autograd_value_and_gradient(g, y).second) < kTolerance);
  }

  // The comparisons above are not vacuous: a gradient 0.1 % off, or one through the wrong
  // activation derivative, fails them.
  TEST_CASE("a wrong gradient fails the comparison") {
    torch::manual_seed(6);
    auto g = random_potential("leaky_relu", {16, 16}, 0.0, 2);
    auto y = torch::randn({64, 2});
    auto grad = autograd_value_and_gradient(g, y).second;
    auto fused_grad = FusedGradient(g).gradient(y).clone();
    REQUIRE(relative_error(fused_grad, grad) < kTolerance);
    auto perturbed = fused_grad.clone();
    perturbed[0][0] += 1e-3 * grad.abs().max();
    CHECK(relative_error(perturbed, grad) > kTolerance);

    auto other_slope_spec = g->spec();
    other_slope_spec.negative_slope = 0.3;
    Potential other(other_slope_spec);
    {
      torch::NoGradGuard no_grad;
      for (size_t i = 0; i < g->parameters().size(); ++i) other->parameters()[i].copy_(g->parameters()[i]);
    }
    CHECK(relative_error(FusedGradient(other).gradient(y), grad) > kTolerance);
  }

  TEST_CASE("the sampler's paths are the same with the fused and the autograd gradient") {
    SwissrollRun run;
    REQUIRE(run.scene.sampler.steps == 20);
    CHECK(run.scene.sampler.gradient == "fused");  // the default
    auto fused = run.paths("fused", run.g);
    auto reference = run.paths("autograd", run.g);
    REQUIRE(fused.sizes() == torch::IntArrayRef({21, 256, 2}));
    const double difference = (fused - reference).abs().max().item<double>();
    CHECK(difference < 1e-4);
    // The tolerance would catch a gradient 1 % off.
    Potential off(run.scene.potential);
    {
      torch::NoGradGuard no_grad;
      for (size_t i = 0; i < off->parameters().size(); ++i) off->parameters()[i].copy_(run.g->parameters()[i]);
      off->linear_layers().back()->weight.mul_(1.01);
    }
    CHECK((run.paths("fused", off) - reference).abs().max().item<double>() > 10 * 1e-4);
  }

  TEST_CASE("an unknown gradient is refused, and eps-conditioned potentials keep autograd") {
    LangevinSettings settings;
    settings.gradient = "finite-differences";
    CHECK_THROWS(LangevinSampler(settings, 0.1, std::make_shared<SquaredEuclideanCost>()));
    PotentialSpec spec;
    spec.widths = {8};
    spec.eps_range = {0.05, 10, 1.0};
    Potential conditioned(spec);
    CHECK(conditioned->linear_layers().empty());
    CHECK_THROWS(FusedGradient(conditioned));
    settings.gradient = "fused";
    LangevinSampler sampler(settings, 0.5, std::make_shared<SquaredEuclideanCost>(), 1.0);
    auto x = torch::zeros({4, 2});
    CHECK(torch::isfinite(sampler.run(conditioned, x, x.clone(), 3)).all().item<bool>());
  }
}
