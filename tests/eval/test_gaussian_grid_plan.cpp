#include "test_prelude.h"

#include "eval/benchmark_pair.h"

#include "core/ot/bw_uvp.h"
#include "core/ot/cost.h"
#include "core/ot/gaussian_eot.h"
#include "core/ot/gaussian_quadrature.h"
#include "eval/gaussian_grid_plan.h"

#include <cmath>

using namespace egeot;
using egeot::test::benchmark_truth;
using egeot::test::contains;
using egeot::test::error_of;
using egeot::test::exact_potential_matrix;
using egeot::test::quadratic_on_grid;

namespace {

// The closed-form UVP (%) of the plan of quadratic_on_grid(m, grid, d) for x ~ N(0, Sx) against the truth.
double quadratic_plan_uvp(const GaussianEot& truth, const torch::Tensor& m, const torch::Tensor& d, double eps) {
  auto b = torch::inverse(m + torch::eye(2, torch::kFloat64));
  const auto& sx = truth.cov_x;
  auto cross = torch::matmul(sx, b);
  auto sy = torch::matmul(torch::matmul(b, sx), b) + eps * b;
  auto joint = torch::cat({torch::cat({sx, cross}, 1), torch::cat({cross.t(), sy}, 1)}, 0);
  auto mean = torch::cat({torch::zeros({2}, torch::kFloat64), torch::matmul(b, d)});
  return 100.0 * bures_wasserstein_squared(mean, joint, torch::zeros({4}, torch::kFloat64), truth.joint_covariance) /
         (0.5 * truth.joint_covariance.trace().item<double>());
}

}  // namespace

TEST_SUITE("gaussian_grid_plan") {
  TEST_CASE("Gauss-Hermite integrates the normal's moments exactly up to degree 2n - 1") {
    auto rule = gauss_hermite_1d(5);
    const double moments[10] = {1, 0, 1, 0, 3, 0, 15, 0, 105, 0};
    for (int k = 0; k < 10; ++k) {
      CHECK((rule.weights * rule.points.pow(k)).sum().item<double>() == doctest::Approx(moments[k]).epsilon(1e-12));
    }
    // Degree 10 is beyond a 5-point rule: 945 is not reached.
    CHECK((rule.weights * rule.points.pow(10)).sum().item<double>() < 900);
    CHECK_THROWS_AS(gauss_hermite_1d(0), InputError);

    auto mean = torch::tensor({1.0, -2.0}, torch::kFloat64);
    auto cov = torch::tensor({{2.0, 0.6}, {0.6, 0.5}}, torch::kFloat64);
    auto q = gauss_hermite(mean, cov, 4);
    CHECK(q.points.size(0) == 16);
    auto w = q.weights.unsqueeze(1);
    auto mu = (w * q.points).sum(0);
    auto d = q.points - mu;
    CHECK((mu - mean).abs().max().item<double>() < 1e-12);
    CHECK((torch::matmul((w * d).t(), d) - cov).abs().max().item<double>() < 1e-12);
    CHECK(contains(error_of([&] { gauss_hermite(mean, -cov, 4); }), "not positive definite"));
    CHECK(contains(error_of([&] { gauss_hermite(mean, cov, 1001); }), "exceed"));
  }

  TEST_CASE("the exact potential scores 0, and a wrong one its closed-form UVP") {
    SquaredEuclideanCost cost;
    for (double eps : {0.1, 1.0, 10.0}) {
      CAPTURE(eps);
      auto truth = benchmark_truth(eps);
      auto grid = gaussian_plan_grid(truth);
      auto m = exact_potential_matrix(truth);
      const double exact = grid_plan_bw_uvp(quadratic_on_grid(m, grid), grid, cost, eps, truth, 12);
      MESSAGE("eps " << eps << ": exact potential " << exact << " %, grid " << grid.nx << "^2");
      CHECK(exact < 1e-6);
      // Conditional means shifted (a linear term) and conditionals reshaped (M scaled): both
      // scored as their closed forms say, to a relative 1e-4.
      auto d = torch::tensor({0.05, -0.02}, torch::kFloat64);
      auto m_wrong = 1.1 * m;
      const double expected = quadratic_plan_uvp(truth, m_wrong, d, eps);
      const double scored = grid_plan_bw_uvp(quadratic_on_grid(m_wrong, grid, d), grid, cost, eps, truth, 12);
      MESSAGE("eps " << eps << ": wrong potential " << scored << " % (closed form " << expected << " %)");
      CHECK(expected > 1e-3);
      CHECK(scored == doctest::Approx(expected).epsilon(1e-4));
    }
  }
}
