#include "test_prelude.h"

#include "eval/benchmark_pair.h"

#include "core/ot/cost.h"
#include "core/train/egeot_trainer.h"
#include "base/error.h"
#include "core/ot/gaussian_eot.h"
#include "core/data/gaussian_weights.h"
#include "eval/grid_truth.h"
#include "core/scenes/scene.h"

#include <cmath>

using namespace egeot;
using egeot::test::benchmark_truth;
using egeot::test::exact_potential_matrix;
using egeot::test::quadratic_on_grid;

namespace {

constexpr double kPi = 3.14159265358979323846;


torch::Tensor gaussian_pdf_on_grid(const torch::Tensor& mean, const torch::Tensor& cov,
                                   const Grid2D& grid) {
  auto d = grid_points(grid).to(torch::kFloat64) - mean.unsqueeze(0);
  auto q = (torch::matmul(d, torch::inverse(cov)) * d).sum(1);
  auto norm = 2 * kPi * std::sqrt(torch::det(cov).item<double>());
  return (torch::exp(-0.5 * q) / norm).reshape({grid.ny, grid.nx});
}

// Expected TV of an n-sample histogram against cell masses p is at most
// 1/2 sum_k sqrt(p_k (1 - p_k) / n) (Jensen per cell); one sample moves TV by at most 1/n,
// so by McDiarmid TV exceeds that by t with probability <= exp(-2 n t^2) (1e-6 here).
double tv_bound(const torch::Tensor& density, const Grid2D& grid, int64_t n) {
  auto p = density.reshape(-1) * cell_area(grid);
  const double mean = 0.5 * torch::sqrt(p * (1 - p) / n).sum().item<double>();
  return mean + std::sqrt(std::log(1e6) / (2.0 * n));
}

// A trainer whose network is linear (no hidden layers), set to f(y) = w . y in true units.
std::unique_ptr<EgeotTrainer> linear_trainer(double eps, double w0, double w1) {
  Scene scene = load_scene("gaussians");
  scene.eps = eps;
  scene.potential.widths = {};
  auto trainer = std::make_unique<EgeotTrainer>(scene, torch::kCPU);
  torch::NoGradGuard no_grad;
  auto params = trainer->model().potential()->parameters();  // weight [1, 2], bias [1]
  const double s = trainer->model().f_scale();
  params[0].copy_(torch::tensor({{w0 / s, w1 / s}}));
  params[1].fill_(0.25);
  return trainer;
}

}  // namespace

TEST_SUITE("grid_truth") {
  TEST_CASE("grid points are cell centres, row-major with x fastest") {
    Grid2D grid{-1.0, 1.0, 0.0, 3.0, 4, 3};
    auto p = grid_points(grid);
    CHECK(p.size(0) == 12);
    CHECK(p.size(1) == 2);
    CHECK((p.scalar_type() == torch::kFloat));
    CHECK(p[0][0].item<double>() == doctest::Approx(-0.75));
    CHECK(p[0][1].item<double>() == doctest::Approx(0.5));
    CHECK(p[1][0].item<double>() == doctest::Approx(-0.25));
    CHECK(p[4][1].item<double>() == doctest::Approx(1.5));
    CHECK(cell_area(grid) == doctest::Approx(0.5));
    const Grid2D inverted{1.0, -1.0};
    CHECK_THROWS_AS(grid_points(inverted), InputError);
  }

  TEST_CASE("the learned conditional integrates to 1 and is finite even at small eps") {
    Scene scene = load_scene("swissroll");
    scene.eps = 1e-3;
    EgeotTrainer trainer(scene, torch::kCPU);
    Grid2D grid;
    auto f = potential_on_grid(trainer.model(), grid);
    CHECK(f.size(0) == 128);
    CHECK(f.size(1) == 128);
    CHECK((f.scalar_type() == torch::kFloat64));
    auto pts = grid_points(grid);
    CHECK(f[5][7].item<double>() ==
          doctest::Approx(trainer.model().f(pts.slice(0, 5 * 128 + 7, 5 * 128 + 8)).item<double>()));
    auto cond = conditional_on_grid(trainer.model(), torch::tensor({0.5f, -0.3f}), grid);
    CHECK(torch::isfinite(cond.density).all().item<bool>());
    CHECK(std::isfinite(cond.log_normalizer));
    CHECK(cond.density.sum().item<double>() * cell_area(grid) == doctest::Approx(1.0).epsilon(1e-12));
  }

  TEST_CASE("a linear f gives the conditional N(x + w, eps I) through the trainer") {
    const double eps = 0.3;
    auto trainer = linear_trainer(eps, 0.4, -0.2);
    Grid2D grid{-4, 4, -4, 4, 160, 160};
    auto cond = conditional_on_grid(trainer->model(), torch::tensor({0.5f, 0.5f}), grid);
    auto expected = gaussian_pdf_on_grid(torch::tensor({0.9, 0.3}, torch::kFloat64),
                                         eps * torch::eye(2, torch::kFloat64), grid);
    const double peak = expected.max().item<double>();
    CHECK((cond.density - expected).abs().max().item<double>() < 1e-3 * peak);
    // log ∫ exp((f - c)/eps) dy = (f(x + w) ... ) in closed form: 2 pi eps exp((w.x + |w|^2/2 + b)/eps).
    const double b = 0.25 * trainer->model().f_scale();
    const double log_z = std::log(2 * kPi * eps) + (0.4 * 0.5 - 0.2 * 0.5 + 0.5 * 0.2 + b) / eps;
    CHECK(cond.log_normalizer == doctest::Approx(log_z).epsilon(1e-6));
  }

  TEST_CASE("the exact Gaussian potential gives the closed-form conditional N(A x, Sigma_cond)") {
    const double eps = 1.0;
    auto truth = benchmark_truth(eps);
    const auto& a = truth.conditional_matrix;
    // The closed form is consistent with an energy-based conditional: A symmetric, Sigma = eps A.
    CHECK((a - a.t()).abs().max().item<double>() < 1e-10);
    CHECK((truth.conditional_covariance - eps * a).abs().max().item<double>() < 1e-10);

    Grid2D grid{-6, 6, -6, 6, 200, 200};
    auto f_grid = quadratic_on_grid(exact_potential_matrix(truth), grid);
    SquaredEuclideanCost cost;
    auto x = torch::tensor({0.7, -0.4}, torch::kFloat64);
    auto cond = conditional_from_grid_potential(f_grid, cost, eps, x, grid);
    auto expected = gaussian_pdf_on_grid(torch::matmul(a, x), truth.conditional_covariance, grid);
    const double peak = expected.max().item<double>();
    CHECK(cond.density.sum().item<double>() * cell_area(grid) == doctest::Approx(1.0));
    CHECK((cond.density - expected).abs().max().item<double>() < 1e-3 * peak);
  }

  TEST_CASE("TV: exact samples score near 0 (bound from n), wrong ones near 1") {
    const double eps = 1.0;
    auto truth = benchmark_truth(eps);
    Grid2D grid{-6, 6, -6, 6, 80, 80};
    SquaredEuclideanCost cost;
    auto x = torch::tensor({0.7, -0.4}, torch::kFloat64);
    auto cond = conditional_from_grid_potential(
        quadratic_on_grid(exact_potential_matrix(truth), grid), cost, eps, x, grid);
    const int64_t n = 50000;
    torch::manual_seed(7);
    auto chol = torch::linalg::cholesky(truth.conditional_covariance);
    auto mean = torch::matmul(truth.conditional_matrix, x);
    auto exact = mean + torch::matmul(torch::randn({n, 2}, torch::kFloat64), chol.t());
    // Midpoint quadrature differs from the true cell masses by O((h / sigma)^2) ~ 1e-3 here.
    const double bound = tv_bound(cond.density, grid, n) + 0.01;
    const double tv = total_variation_on_grid(exact, cond.density, grid);
    MESSAGE("TV exact " << tv << " (bound " << bound << ")");
    CHECK(tv < bound);
    // The conditional of f = 0, N(x, eps I), is a wrong answer the score must see.
    auto wrong = x + std::sqrt(eps) * torch::randn({n, 2}, torch::kFloat64);
    const double tv_wrong = total_variation_on_grid(wrong, cond.density, grid);
    MESSAGE("TV wrong " << tv_wrong);
    CHECK(tv_wrong > 0.3);
    CHECK(tv_wrong > 3 * bound);
    // Mass off the grid is mismatch: all samples outside gives TV = 1.
    CHECK(total_variation_on_grid(exact + 100.0, cond.density, grid) == doctest::Approx(1.0));
    CHECK_THROWS_AS(total_variation_on_grid(exact, cond.density.slice(0, 1), grid), InputError);
  }

  TEST_CASE("f^C by quadrature matches the Gaussian potential's closed-form transform") {
    // For f(y) = -1/2 y^T M y with A = (M + I)^-1 (zero means), completing the square gives
    //   f^C(x) = 1/2 x^T (I - A) x - eps/2 (D log(2 pi eps) + log det A).
    const double eps = 1.0;
    auto truth = benchmark_truth(eps);
    const auto& a = truth.conditional_matrix;
    Grid2D grid{-12, 12, -12, 12, 200, 200};
    SquaredEuclideanCost cost;
    torch::manual_seed(12);
    auto x = torch::randn({50, 2}, torch::kFloat64);
    auto fc = c_transform_on_grid(quadratic_on_grid(exact_potential_matrix(truth), grid), cost, eps, x, grid);
    auto i_minus_a = torch::eye(2, torch::kFloat64) - a;
    auto expected = 0.5 * (torch::matmul(x, i_minus_a) * x).sum(1) -
                    0.5 * eps * (2 * std::log(2 * kPi * eps) + std::log(torch::det(a).item<double>()));
    // Quadrature on a grid this fine is exact to rounding; what is left is the mass beyond
    // the grid's edge, ~1e-6 for the farthest of these x (conditional std up to 1.3).
    CHECK((fc - expected).abs().max().item<double>() < 1e-6);
  }

  TEST_CASE("dual value: L(0) = -eps log(2 pi eps) and the exact potential reaches the EOT cost") {
    {
      const double eps = 0.5;
      auto trainer = linear_trainer(eps, 0.0, 0.0);
      {
        torch::NoGradGuard no_grad;
        trainer->model().potential()->parameters()[1].zero_();
      }
      torch::manual_seed(3);
      // f = 0: f^C(x) = -eps log ∫ exp(-|x - y|^2 / 2 eps) dy for every x well inside the grid.
      const double l = dual_value_on_grid(trainer->model(), Grid2D{-12, 12, -12, 12, 240, 240}, 500);
      CHECK(l == doctest::Approx(-eps * std::log(2 * kPi * eps)).epsilon(1e-9));
    }
    // Strong duality for the Gaussian pair: L(f*) = int c dpi - eps E_x H(pi(.|x))
    //   = 1/2 (tr Sx + tr Sy) - tr C - eps/2 log det(2 pi e Sigma_cond).
    const double eps = 1.0;
    auto truth = benchmark_truth(eps);
    const double primal = 0.5 * (truth.cov_x.trace() + truth.cov_y.trace()).item<double>() -
                          truth.cross_covariance.trace().item<double>() -
                          0.5 * eps * std::log(torch::det(2 * kPi * std::exp(1.0) *
                                                          truth.conditional_covariance)
                                                   .item<double>());
    Grid2D grid{-12, 12, -12, 12, 200, 200};
    auto m = exact_potential_matrix(truth);
    auto f_grid = quadratic_on_grid(m, grid);
    SquaredEuclideanCost cost;
    // f and f^C are quadratic forms, so samples whose second moments equal the covariances
    // exactly (whitened, then coloured) make the sample means exact: what is left is the
    // quadrature error.
    auto matched = [](int64_t n, const torch::Tensor& cov) {
      auto z = torch::randn({n, 2}, torch::kFloat64);
      z = z - z.mean(0);
      z = torch::matmul(z, sym_inv_sqrt(torch::matmul(z.t(), z) / n));
      return torch::matmul(z, sym_sqrt(cov));
    };
    torch::manual_seed(11);
    const int64_t n = 500;
    auto x = matched(n, truth.cov_x), y = matched(n, truth.cov_y);
    auto fc = c_transform_on_grid(f_grid, cost, eps, x, grid);
    auto fy = -0.5 * (torch::matmul(y, m) * y).sum(1);
    const double dual = (fc.mean() + fy.mean()).item<double>();
    MESSAGE("dual " << dual << ", primal " << primal);
    CHECK(dual == doctest::Approx(primal).epsilon(1e-8));
    // A worse potential on the same samples has a clearly lower dual value.
    auto fc_bad = c_transform_on_grid(quadratic_on_grid(0.5 * m, grid), cost, eps, x, grid);
    const double dual_bad = (fc_bad.mean() - 0.5 * fy.mean()).item<double>();
    MESSAGE("dual of f*/2 " << dual_bad);
    CHECK(dual_bad < dual - 0.05);
  }
}
