#include "test_prelude.h"

#include "core/ot/bw_uvp.h"
#include "base/error.h"
#include "core/ot/gaussian_eot.h"
#include "core/data/gaussian_weights.h"

#include <cmath>

using namespace egeot;

namespace {

GaussianEot benchmark_truth(int dim, double eps) {
  auto pair = load_gaussian_pair(benchmark_weights_path(), dim);
  auto wx = to_tensor(pair.source_weight), wy = to_tensor(pair.target_weight);
  auto z = torch::zeros({dim}, torch::kFloat64);
  return gaussian_eot(z, torch::matmul(wx, wx.t()), z, torch::matmul(wy, wy.t()), eps);
}

// Exact draws (x, y) from the closed-form plan: x ~ N(0, Sx), y | x ~ N(A x, Sigma_cond).
std::pair<torch::Tensor, torch::Tensor> sample_plan(const GaussianEot& t, int64_t n,
                                                    double cond_scale = 1.0) {
  const auto d = t.cov_x.size(0);
  auto x = torch::matmul(torch::randn({n, d}, torch::kFloat64), torch::linalg::cholesky(t.cov_x).t());
  auto noise = torch::matmul(torch::randn({n, d}, torch::kFloat64),
                             torch::linalg::cholesky(t.conditional_covariance).t());
  return {x, torch::matmul(x, t.conditional_matrix.t()) + cond_scale * noise};
}

}  // namespace

TEST_SUITE("bw_uvp") {
  TEST_CASE("BW2^2 matches the scalar and the commuting formulas") {
    auto m = [](std::vector<double> v) { return torch::tensor(v, torch::kFloat64); };
    // D = 1: (m1 - m2)^2 + (s1 - s2)^2.
    auto m1 = m({1.0}), s1 = m({4.0}).reshape({1, 1}), m2 = m({-1.0}), s2 = m({9.0}).reshape({1, 1});
    CHECK(bures_wasserstein_squared(m1, s1, m2, s2) == doctest::Approx(4.0 + 1.0));
    // Diagonal covariances commute: sum (sqrt a - sqrt b)^2.
    auto a = torch::diag(m({1.0, 4.0})), b = torch::diag(m({9.0, 0.25}));
    auto z = torch::zeros({2}, torch::kFloat64);
    CHECK(bures_wasserstein_squared(z, a, z, b) == doctest::Approx(4.0 + 2.25));
    // Symmetric, zero on equal Gaussians, rotation invariant.
    auto r = m({0.6, -0.8, 0.8, 0.6}).reshape({2, 2});
    auto ra = torch::matmul(torch::matmul(r, a), r.t());
    auto rb = torch::matmul(torch::matmul(r, b), r.t());
    CHECK(bures_wasserstein_squared(z, ra, z, rb) == doctest::Approx(6.25));
    CHECK(bures_wasserstein_squared(z, rb, z, ra) == doctest::Approx(6.25));
    CHECK(bures_wasserstein_squared(z, ra, z, ra) == doctest::Approx(0.0).epsilon(1e-12));
    CHECK_THROWS_AS(bures_wasserstein_squared(z, a, m1, a), InputError);
  }

  TEST_CASE("exact samples score at the sampling floor, which the formula predicts") {
    for (double eps : {0.1, 1.0, 10.0}) {
      auto truth = benchmark_truth(2, eps);
      // Averaged over repetitions the score is the floor (first order in 1/n, so 1 +- 15%):
      // 40 reps of a chi-square-like score with >= 14 degrees of freedom has a relative
      // standard error of about sqrt(2/14)/sqrt(40) = 6%.
      torch::manual_seed(1);
      const int64_t n = 4000, reps = 40;
      double plan = 0, marginal = 0;
      for (int r = 0; r < reps; ++r) {
        auto [x, y] = sample_plan(truth, n);
        plan += bw_uvp_plan(x, y, truth) / reps;
        marginal += bw_uvp_marginal(y, truth) / reps;
      }
      const double plan_floor = bw_uvp_sampling_floor(truth.joint_covariance, n);
      const double marginal_floor = bw_uvp_sampling_floor(truth.cov_y, n);
      MESSAGE("eps " << eps << ": plan " << plan << " (floor " << plan_floor << "), marginal "
                     << marginal << " (floor " << marginal_floor << ")");
      CHECK(plan == doctest::Approx(plan_floor).epsilon(0.25));
      CHECK(marginal == doctest::Approx(marginal_floor).epsilon(0.25));
    }
  }

  TEST_CASE("a single large sample from the truth scores ~0; a perturbed plan grows") {
    auto truth = benchmark_truth(16, 1.0);
    torch::manual_seed(2);
    const int64_t n = 100000;
    auto [x, y] = sample_plan(truth, n);
    const double floor = bw_uvp_sampling_floor(truth.joint_covariance, n);
    const double exact = bw_uvp_plan(x, y, truth);
    MESSAGE("D = 16 exact plan " << exact << " %, floor " << floor << " %");
    // The score is a sum of many small squared fluctuations: 3x its mean is far in the tail.
    CHECK(exact < 3 * floor);
    CHECK(bw_uvp_marginal(y, truth) < 3 * bw_uvp_sampling_floor(truth.cov_y, n));
    // Pairing y with the wrong x (independent coupling) keeps the marginal but not the plan.
    auto shuffled = y.index_select(0, torch::randperm(n, torch::kLong));
    CHECK(bw_uvp_marginal(shuffled, truth) < 3 * bw_uvp_sampling_floor(truth.cov_y, n));
    CHECK(bw_uvp_plan(x, shuffled, truth) > 100 * floor);
    // Inflating the conditional noise grows the score monotonically.
    double last = exact;
    for (double scale : {1.1, 1.3, 1.6}) {
      torch::manual_seed(2);
      auto [xp, yp] = sample_plan(truth, n, scale);
      const double score = bw_uvp_plan(xp, yp, truth);
      CHECK(score > last);
      last = score;
    }
    CHECK(last > 20 * floor);
  }
}
