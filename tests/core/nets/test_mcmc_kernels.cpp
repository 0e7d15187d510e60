#include "test_prelude.h"

#include "core/model/egeot_model.h"
#include "core/nets/conditional_log_density.h"
#include "core/nets/langevin_sampler.h"
#include "core/nets/metropolis_step.h"
#include "core/nets/potential.h"
#include "core/ot/cost.h"
#include "core/scenes/scene.h"
#include "eval/grid_truth.h"
#include "eval/scene_truth.h"

#include <cmath>

using namespace egeot;

namespace {

// The Gaussian scene's closed-form conditional pi(.|x) = N(mu(x), Sigma) as a sampler target:
// with g = 0 and the cost c(x, y) = eps/2 (y - mu(x))^T Sigma^-1 (y - mu(x)), the sampler's
// density exp(-c/eps) is exactly that Gaussian, so every kernel is checked against it.
class ClosedFormConditionalCost : public Cost {
 public:
  ClosedFormConditionalCost(const GaussianEot& truth, double eps)
      : truth_(truth),
        precision_(torch::inverse(truth.conditional_covariance).to(torch::kFloat32)),
        eps_(eps) {}
  torch::Tensor mean(const torch::Tensor& x) const {
    auto a = truth_.conditional_matrix.to(torch::kFloat32);
    return truth_.mean_y.to(torch::kFloat32) +
           torch::matmul(x - truth_.mean_x.to(torch::kFloat32), a.t());
  }
  torch::Tensor value(const torch::Tensor& x, const torch::Tensor& y) const override {
    auto d = y - mean(x);
    return 0.5 * eps_ * (torch::matmul(d, precision_) * d).sum(-1);
  }
  torch::Tensor grad_y(const torch::Tensor& x, const torch::Tensor& y) const override {
    return eps_ * torch::matmul(y - mean(x), precision_);
  }
  std::string name() const override { return "closed-form-conditional"; }

 private:
  GaussianEot truth_;
  torch::Tensor precision_;
  double eps_;
};

Potential zero_network(int64_t dim, EpsRange range = {}) {
  Potential g(PotentialSpec{dim, {16, 16}, "leaky_relu", 0.2, range});
  torch::NoGradGuard no_grad;
  for (auto& p : g->parameters()) p.zero_();
  return g;
}

GaussianEot gaussian_scene_truth(double eps) {
  Scene scene = load_scene("gaussians");
  EgeotModel model(scene, torch::kCPU, std::make_shared<SquaredEuclideanCost>(), zero_network(2));
  auto truth = scene_gaussian_truth(model, eps);
  REQUIRE(truth.has_value());
  return *truth;
}

// Do n independent samples (one per chain) match N(mean, cov)? Each mean and covariance
// entry must lie within 5 of its standard errors: Var(mean_j) = S_jj / n and
// Var(S^_ij) = (S_ij^2 + S_ii S_jj) / n. Returns the largest deviation in standard errors.
double worst_deviation(const torch::Tensor& y, const torch::Tensor& mean,
                       const torch::Tensor& cov) {
  const auto n = static_cast<double>(y.size(0));
  auto yd = y.to(torch::kFloat64);
  auto m = yd.mean(0);
  auto d = yd - m;
  auto s = torch::matmul(d.t(), d) / (n - 1);
  double worst = 0;
  for (int64_t i = 0; i < y.size(1); ++i) {
    const double sii = cov[i][i].item<double>();
    worst = std::max(worst,
                     std::abs(m[i].item<double>() - mean[i].item<double>()) / std::sqrt(sii / n));
    for (int64_t j = 0; j < y.size(1); ++j) {
      const double sij = cov[i][j].item<double>(), sjj = cov[j][j].item<double>();
      const double se = std::sqrt((sij * sij + sii * sjj) / n);
      worst = std::max(worst, std::abs(s[i][j].item<double>() - sij) / se);
    }
  }
  return worst;
}

constexpr double kBound = 5.0;  // standard errors
constexpr int64_t kChains = 4000;
constexpr double kEps = 1.0;

struct GaussianCase {
  GaussianEot truth = gaussian_scene_truth(kEps);
  std::shared_ptr<ClosedFormConditionalCost> cost =
      std::make_shared<ClosedFormConditionalCost>(truth, kEps);
  torch::Tensor x = torch::tensor({0.8f, -0.6f}).repeat({kChains, 1});
  torch::Tensor mean = cost->mean(x.slice(0, 0, 1)).squeeze(0).to(torch::kFloat64);
  torch::Tensor cov = truth.conditional_covariance;
  // The stiffest direction's variance: a ULA step h = 2 v_min doubles the variance there.
  double v_min = std::get<0>(torch::linalg_eigh(cov)).min().item<double>();
  // Start every chain 3 standard deviations off along each axis, so the chains must travel.
  torch::Tensor start() const {
    return (mean + 3 * cov.diagonal().sqrt()).to(torch::kFloat32).repeat({kChains, 1});
  }
  torch::Tensor run(LangevinSettings settings, LangevinTrace* trace = nullptr) const {
    settings.score_coef = 1.0;
    LangevinSampler sampler(settings, kEps, cost);
    auto g = zero_network(2);
    return sampler.run(g, x, start(), trace);
  }
};

LangevinSettings kernel(const std::string& kind, int64_t steps, double noise) {
  LangevinSettings s;
  s.kind = kind;
  s.steps = steps;
  s.noise = noise;
  return s;
}

// MALA that forgets the proposal densities' ratio: Metropolis as if the proposal were
// symmetric. Not a valid kernel; the check must catch it.
torch::Tensor broken_mala(const GaussianCase& c, double step, int64_t steps) {
  auto g = zero_network(2);
  const double noise = step;
  auto column = torch::ones({kChains, 1});
  ConditionalLogDensity log_pi(g, *c.cost, c.x, {}, column / (noise * noise), column / kEps, 0,
                               true);
  ChainPoint at{c.start(), {}};
  at.value = log_pi(at.y);
  for (int64_t k = 0; k < steps; ++k) {
    ChainPoint proposal;
    proposal.y = at.y + 0.5 * step * step * at.value.grad + step * torch::randn_like(at.y);
    proposal.value = log_pi(proposal.y);
    auto log_alpha = proposal.value.log_p - at.value.log_p;
    metropolis_accept(at, std::move(proposal), log_alpha);
  }
  return at.y;
}

// A hand-set 2D potential's conditional against its exact grid density. g: a small tanh
// network with fixed random weights, its output scaled up so pi(.|x) is visibly non-Gaussian.
struct GridCase {
  // ULA at this step h = sigma^2 ~ 2 eps roughly doubles the variance of a Gaussian of variance
  // eps.
  static constexpr double kNoise = 0.7, kGridEps = 0.25;
  Potential g{nullptr};
  Grid2D grid{-2.5, 2.5, -2.5, 2.5, 40, 40};
  torch::Tensor density;
  double quadrature_error = 0;  // TV between the midpoint cell masses and a 4x finer grid's
  GridCase() {
    torch::manual_seed(21);
    g = Potential(PotentialSpec{2, {16}, "tanh", 0.2, {}});
    {
      torch::NoGradGuard no_grad;
      g->parameters().back().mul_(0);
      g->parameters()[g->parameters().size() - 2].mul_(4);
    }
    auto f = [&](const torch::Tensor& y) {
      torch::NoGradGuard no_grad;
      return kGridEps / (kNoise * kNoise) * g->forward(y);  // f = s eps/sigma^2 g, s = 1
    };
    SquaredEuclideanCost cost;
    auto x = torch::tensor({0.3, -0.2}, torch::kFloat64);
    density = conditional_from_grid_potential(potential_on_grid(f, grid), cost, kGridEps, x, grid)
                  .density;
    Grid2D fine = grid;
    fine.nx = fine.ny = 4 * grid.nx;
    auto fine_density =
        conditional_from_grid_potential(potential_on_grid(f, fine), cost, kGridEps, x, fine)
            .density;
    auto fine_mass = (fine_density * cell_area(fine)).reshape({grid.ny, 4, grid.nx, 4}).sum({1, 3});
    quadrature_error = 0.5 * (fine_mass - density * cell_area(grid)).abs().sum().item<double>();
  }
  // Exact samples' expected TV is at most the floor; McDiarmid (each sample moves the TV by
  // at most 1/n) puts a draw above floor + t with probability exp(-2 n t^2) < 1e-6.
  double bound(int64_t n) const {
    return tv_sampling_floor(density, grid, n) +
           std::sqrt(std::log(1e6) / (2.0 * static_cast<double>(n))) + quadrature_error;
  }
  double tv(const std::string& kind, int64_t n, int64_t steps) {
    LangevinSettings s = kernel(kind, steps, kNoise);
    s.leapfrog = 4;
    LangevinSampler sampler(s, kGridEps, std::make_shared<SquaredEuclideanCost>());
    auto x = torch::tensor({0.3f, -0.2f}).repeat({n, 1});
    auto y = sampler.run(g, x, x.clone());
    return total_variation_on_grid(y, density, grid);
  }
};

}  // namespace

TEST_SUITE("mcmc_kernels") {
  TEST_CASE(
      "on a 2D potential MALA and HMC match the exact grid density where ULA at the same step does "
      "not") {
    GridCase c;
    const int64_t n = 4000;
    torch::manual_seed(23);
    const double mala = c.tv("mala", n, 300), hmc = c.tv("hmc", n, 100), ula = c.tv("ula", n, 300);
    MESSAGE("grid TV: MALA " << mala << ", HMC " << hmc << ", ULA " << ula << "; bound "
                             << c.bound(n) << " (quadrature " << c.quadrature_error << ")");
    CHECK(mala < c.bound(n));
    CHECK(hmc < c.bound(n));
    CHECK(ula > c.bound(n));
  }

  TEST_CASE(
      "MALA and HMC sample the Gaussian scene's closed-form conditional at a step ULA cannot "
      "take") {
    torch::manual_seed(3);
    GaussianCase c;
    const double noise = std::sqrt(2 * c.v_min);  // ULA step h = noise^2 = 2 v_min

    LangevinTrace mala_trace;
    auto mala = c.run(kernel("mala", 400, noise), &mala_trace);
    const double mala_dev = worst_deviation(mala, c.mean, c.cov);
    MESSAGE("MALA: " << mala_dev << " standard errors, acceptance "
                     << mala_trace.acceptance.back());
    CHECK(mala_dev < kBound);
    CHECK_FALSE(mala_trace.collapsed);
    REQUIRE(mala_trace.acceptance.size() == 400);
    REQUIRE(mala_trace.chain_acceptance.sizes() == torch::IntArrayRef({kChains}));
    CHECK(mala_trace.gradient_evaluations == 401);  // one per proposal, one at the start

    auto hmc_settings = kernel("hmc", 150, noise);
    hmc_settings.leapfrog = 5;
    LangevinTrace hmc_trace;
    auto hmc = c.run(hmc_settings, &hmc_trace);
    const double hmc_dev = worst_deviation(hmc, c.mean, c.cov);
    MESSAGE("HMC: " << hmc_dev << " standard errors, acceptance " << hmc_trace.acceptance.back());
    CHECK(hmc_dev < kBound);
    CHECK(hmc_trace.gradient_evaluations == 1 + 5 * 150);

    // ULA at the same step: stationary variance v / (1 - h/(4v)) = 2 v_min along the stiff
    // direction, a bias of many standard errors.
    auto ula = c.run(kernel("ula", 400, noise));
    const double ula_dev = worst_deviation(ula, c.mean, c.cov);
    MESSAGE("ULA: " << ula_dev << " standard errors");
    CHECK(ula_dev > 4 * kBound);
  }

  TEST_CASE("the check rejects MALA without its proposal-density ratio") {
    torch::manual_seed(5);
    GaussianCase c;
    const double step = std::sqrt(2 * c.v_min);
    const double dev = worst_deviation(broken_mala(c, step, 400), c.mean, c.cov);
    MESSAGE("broken MALA: " << dev << " standard errors");
    CHECK(dev > 4 * kBound);
  }

  TEST_CASE("warm-up adapts the step towards the target acceptance, then freezes it") {
    torch::manual_seed(9);
    GaussianCase c;
    auto settings = kernel("mala", 300, 5 * std::sqrt(c.v_min));  // starts far too large
    settings.target_accept = 0.574;
    settings.adapt_steps = 150;
    LangevinTrace trace;
    auto y = c.run(settings, &trace);
    CHECK(worst_deviation(y, c.mean, c.cov) < kBound);
    REQUIRE(trace.step_size.size() == 300);
    CHECK(trace.step_size[150] < trace.step_size[0] / 2);
    for (size_t k = 151; k < 300; ++k) CHECK(trace.step_size[k] == trace.step_size[150]);
    double after = 0;
    for (size_t k = 150; k < 300; ++k) after += trace.acceptance[k] / 150;
    // Each step's mean over 4000 chains has a standard error below 0.01; the adapted step's
    // own error moves acceptance by a few hundredths at most.
    CHECK(after == doctest::Approx(0.574).epsilon(0.1));
    CHECK_FALSE(trace.collapsed);
  }

  TEST_CASE("a step far too large is reported as collapsed, not returned silently") {
    torch::manual_seed(13);
    GaussianCase c;
    for (const char* kind : {"mala", "hmc"}) {
      LangevinTrace trace;
      c.run(kernel(kind, 60, 200 * std::sqrt(c.v_min)), &trace);
      CHECK(trace.collapsed);
      CHECK(test::contains(trace.collapse_reason, "collapsed"));
    }
  }

  TEST_CASE(
      "per-chain eps: MALA samples N(x, eps_i I) for each chain's eps under a zero conditioned g") {
    torch::manual_seed(17);
    EpsRange range{0.05, 2.0, 1.0};
    auto g = zero_network(2, range);
    const int64_t n = 4000;
    auto eps = torch::cat({torch::full({n / 2}, 0.1f), torch::full({n / 2}, 1.5f)});
    auto x = torch::zeros({n, 2});
    LangevinSettings settings = kernel("mala", 300, 1.2);  // sigma(eps) = 1.2 sqrt(eps/(eps+1))
    LangevinSampler sampler(settings, 0.5, std::make_shared<SquaredEuclideanCost>(), range.knee);
    LangevinTrace trace;
    auto y = sampler.run(g, x, x + 2.0, eps, settings.steps, &trace);
    for (int half = 0; half < 2; ++half) {
      const double e = half == 0 ? 0.1 : 1.5;
      auto part = y.slice(0, half * n / 2, (half + 1) * n / 2).to(torch::kFloat64);
      auto cov = e * torch::eye(2, torch::kFloat64);
      CHECK(worst_deviation(part, torch::zeros({2}, torch::kFloat64), cov) < kBound);
    }
    CHECK_FALSE(trace.collapsed);
  }

  TEST_CASE("a tempered start runs ULA while eps moves, then MALA at each chain's own eps") {
    torch::manual_seed(19);
    EpsRange range{0.05, 2.0, 1.0};
    auto g = zero_network(2, range);
    const int64_t n = 4000, steps = 300;
    auto eps = torch::full({n}, 0.2f);
    auto x = torch::zeros({n, 2});
    LangevinSampler sampler(kernel("mala", steps, 1.2), 0.2,
                            std::make_shared<SquaredEuclideanCost>(), range.knee);
    EpsAnneal anneal{/*from=*/2.0, /*steps=*/100, /*offset=*/0};
    LangevinTrace trace;
    auto y = sampler.run(g, x, x + 2.0, eps, steps, &trace, /*record=*/3, anneal);
    CHECK(trace.score_drift.size() == steps);
    CHECK(trace.acceptance.size() == steps - 100);
    CHECK(trace.paths.size(0) == steps + 1);
    CHECK(worst_deviation(y, torch::zeros({2}, torch::kFloat64),
                          0.2 * torch::eye(2, torch::kFloat64)) < kBound);
  }

  TEST_CASE("unknown kinds and out-of-range settings are refused when the sampler is built") {
    auto settings = kernel("nuts", 10, 0.1);
    CHECK_THROWS(LangevinSampler(settings, 1.0, std::make_shared<SquaredEuclideanCost>()));
    settings = kernel("hmc", 10, 0.1);
    settings.leapfrog = 0;
    CHECK_THROWS(LangevinSampler(settings, 1.0, std::make_shared<SquaredEuclideanCost>()));
  }
}
