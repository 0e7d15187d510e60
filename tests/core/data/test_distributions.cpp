#include "test_prelude.h"

#include "core/data/distribution_factory.h"
#include "base/error.h"
#include "core/data/gaussian_weights.h"

#include <cmath>

using namespace egeot;

TEST_SUITE("distributions") {
  TEST_CASE("every toy samples finite 2D points") {
    torch::manual_seed(1);
    for (const char* type : {"swissroll", "8gaussians", "moons", "circles", "checkerboard", "spirals"}) {
      CAPTURE(type);
      auto d = make_distribution({{"type", type}}, "test", "target");
      auto s = d->sample(1000);
      CHECK(s.sizes() == torch::IntArrayRef({1000, 2}));
      CHECK(torch::isfinite(s).all().item<bool>());
      CHECK(s.abs().max().item<float>() < 6.0f);
      CHECK(s.std().item<float>() > 0.3f);
    }
  }

  // make_swiss_roll: t in [1.5 pi, 4.5 pi], radius t/8 plus noise 0.5/8 per coordinate.
  TEST_CASE("the Swiss roll lies on the paper's spiral") {
    torch::manual_seed(2);
    auto s = make_distribution({{"type", "swissroll"}}, "test", "target")->sample(20000);
    auto r = s.norm(2, 1);
    CHECK(r.mean().item<double>() == doctest::Approx(3 * M_PI / 8).epsilon(0.03));
    CHECK(r.min().item<double>() > 1.5 * M_PI / 8 - 5 * 0.0625 * std::sqrt(2.0));
    CHECK(r.max().item<double>() < 4.5 * M_PI / 8 + 5 * 0.0625 * std::sqrt(2.0));
  }

  // Sample covariance of W xi against W W^T: each entry within 5 standard errors.
  TEST_CASE("benchmark Gaussians have covariance W W^T") {
    torch::manual_seed(3);
    const int64_t n = 40000;
    for (int dim : {2, 16}) {
      auto d = make_distribution({{"type", "benchmark-gaussian"}, {"dim", dim}, {"role", "target"}},
                                 "test", "target");
      CHECK(d->dim() == dim);
      auto w = to_tensor(load_gaussian_pair(benchmark_weights_path(), dim).target_weight);
      auto cov = torch::matmul(w, w.t());
      auto s = d->sample(n).to(torch::kFloat64);
      auto est = torch::matmul(s.t(), s) / n;
      // Var of x_i x_j is S_ii S_jj + S_ij^2 for zero-mean Gaussians.
      auto diag = torch::diagonal(cov);
      auto se = torch::sqrt((torch::outer(diag, diag) + cov * cov) / n);
      CHECK(((est - cov).abs() < 5 * se).all().item<bool>());
    }
  }

  TEST_CASE("bad distribution specs are refused with the field named") {
    CHECK_THROWS_WITH_AS(make_distribution({{"type", "benchmark-gaussian"}, {"dim", 3}, {"role", "source"}},
                                           "s.json", "source"),
                         doctest::Contains("no pair for dimension 3 (available: 2, 4, 8"), InputError);
    CHECK_THROWS_WITH_AS(make_distribution({{"type", "benchmark-gaussian"}, {"dim", 2}, {"role", "middle"}},
                                           "s.json", "source"),
                         doctest::Contains("field 'source.role'"), InputError);
    CHECK_THROWS_WITH_AS(make_distribution({{"type", "gaussian"}, {"std", -1}}, "s.json", "source"),
                         doctest::Contains("field 'source.std'"), InputError);
    CHECK_THROWS_WITH_AS(make_distribution({{"type", "swissroll"}, {"dim", 3}}, "s.json", "target"),
                         doctest::Contains("field 'target.dim'"), InputError);
  }
}
