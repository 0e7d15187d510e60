#include "test_prelude.h"

#include "base/error.h"
#include "core/ot/gaussian_eot.h"
#include "core/data/gaussian_weights.h"

#include <cmath>

using namespace egeot;

TEST_SUITE("gaussian_eot") {
  // D = 1: C = (sqrt(4 a b + eps^2) - eps) / 2 for variances a, b.
  TEST_CASE("D = 1 matches the scalar formula") {
    const double a = 2.0, b = 0.5, eps = 0.7;
    auto t = gaussian_eot(torch::zeros({1}, torch::kFloat64), torch::full({1, 1}, a, torch::kFloat64),
                          torch::zeros({1}, torch::kFloat64), torch::full({1, 1}, b, torch::kFloat64), eps);
    const double c = 0.5 * (std::sqrt(4 * a * b + eps * eps) - eps);
    CHECK(t.cross_covariance.item<double>() == doctest::Approx(c).epsilon(1e-12));
    CHECK(t.conditional_matrix.item<double>() == doctest::Approx(c / a).epsilon(1e-12));
    CHECK(t.conditional_covariance.item<double>() == doctest::Approx(b - c * c / a).epsilon(1e-12));
  }

  TEST_CASE("joint covariance of a benchmark pair is PSD with the right marginals") {
    for (int dim : {2, 16, 64}) {
      auto pair = load_gaussian_pair(benchmark_weights_path(), dim);
      auto wx = to_tensor(pair.source_weight), wy = to_tensor(pair.target_weight);
      auto sx = torch::matmul(wx, wx.t()), sy = torch::matmul(wy, wy.t());
      for (double eps : {0.1, 1.0, 10.0}) {
        auto t = gaussian_eot(torch::zeros({dim}, torch::kFloat64), sx,
                              torch::zeros({dim}, torch::kFloat64), sy, eps);
        auto evals = std::get<0>(torch::linalg::eigh(t.joint_covariance, "L"));
        CHECK(evals.min().item<double>() > -1e-8);
        CHECK(torch::allclose(t.joint_covariance.slice(0, 0, dim).slice(1, 0, dim), sx));
        CHECK(torch::allclose(t.joint_covariance.slice(0, dim).slice(1, dim), sy));
        // The conditional covariance is PD (entropy keeps the plan diffuse).
        auto cevals = std::get<0>(torch::linalg::eigh(t.conditional_covariance, "L"));
        CHECK(cevals.min().item<double>() > 0);
      }
    }
  }

  TEST_CASE("bad covariances are refused") {
    auto z = torch::zeros({2}, torch::kFloat64);
    auto good = torch::eye(2, torch::kFloat64);
    auto asym = torch::tensor({{1.0, 0.5}, {0.0, 1.0}}, torch::kFloat64);
    auto indefinite = torch::tensor({{1.0, 2.0}, {2.0, 1.0}}, torch::kFloat64);
    CHECK_THROWS_AS(gaussian_eot(z, asym, z, good, 1.0), InputError);
    CHECK_THROWS_AS(gaussian_eot(z, good, z, indefinite, 1.0), InputError);
    CHECK_THROWS_AS(gaussian_eot(z, good, z, good, 0.0), InputError);
    CHECK_THROWS_AS(gaussian_eot(z, good, z, good, NAN), InputError);
  }
}
