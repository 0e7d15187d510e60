#include "test_prelude.h"

#include "core/ot/cost.h"
#include "base/error.h"
#include "core/ot/gaussian_eot.h"
#include "core/data/gaussian_weights.h"
#include "core/ot/sinkhorn.h"
#include "core/data/toy_distributions.h"

#include <cmath>

using namespace egeot;

namespace {

std::shared_ptr<const Cost> quadratic() { return std::make_shared<SquaredEuclideanCost>(); }

// The plan's cross-covariance sum_ij pi_ij (x_i - mx)(y_j - my)^T, with pi_ij = pi(j|i) / N.
torch::Tensor plan_cross_covariance(const SinkhornPlan& plan) {
  auto x = plan.source(), y = plan.target();
  auto w = plan.extension_weights(x) / static_cast<double>(x.size(0));  // [N, M], rows pi(.|x_i)/N
  auto xc = x - x.mean(0), yc = y - y.mean(0);
  return torch::matmul(torch::matmul(xc.t(), w), yc);
}

}  // namespace

TEST_SUITE("sinkhorn") {
  TEST_CASE("D = 2 Gaussians: the discrete plan's cross-covariance matches the closed form") {
    auto pair = load_gaussian_pair(benchmark_weights_path(), 2);
    WeightedGaussian p(pair.source_weight), q(pair.target_weight);
    auto sx = torch::matmul(p.weight(), p.weight().t()), sy = torch::matmul(q.weight(), q.weight().t());
    auto z = torch::zeros({2}, torch::kFloat64);
    for (double eps : {1.0, 10.0}) {
      auto truth = gaussian_eot(z, sx, z, sy, eps);
      torch::manual_seed(4);
      const int64_t n = 3000;
      SinkhornOptions o;
      o.eps = eps;
      o.tol = 1e-5;
      auto plan = solve_sinkhorn(quadratic(), p.sample(n), q.sample(n), o);
      CHECK(plan.report().converged);
      auto c_hat = plan_cross_covariance(plan);
      // Sampling error of a covariance entry from n pairs is about sqrt(Sx_ii Sy_jj / n) (the
      // plan's correlations only lower it); the discrete plan converges at that parametric
      // rate for fixed eps. 4 of those per entry.
      auto se = torch::sqrt(torch::outer(sx.diag(), sy.diag()) / n);
      auto err = (c_hat - truth.cross_covariance).abs() / se;
      MESSAGE("eps " << eps << ": C_hat " << c_hat << " truth " << truth.cross_covariance
                     << " max error " << err.max().item<double>() << " s.e.");
      CHECK(err.max().item<double>() < 4.0);
    }
  }

  TEST_CASE("marginals hold, the extension reproduces the conditionals, and eps = 1e-3 is finite") {
    torch::manual_seed(5);
    const int64_t n = 1000;
    IsotropicGaussian source(2, 0.0, 1.0);
    Toy2D roll("swissroll");
    auto x = source.sample(n), y = roll.sample(n);
    for (double eps : {1e-3, 0.1, 10.0}) {
      SinkhornOptions o;
      o.eps = eps;
      auto plan = solve_sinkhorn(quadratic(), x, y, o);
      const auto& r = plan.report();
      MESSAGE("eps " << eps << ": " << r.iterations << " iterations, " << r.stages << " stages, error "
                     << r.marginal_error << ", " << r.seconds << " s");
      CHECK(r.converged);
      CHECK(r.marginal_error < o.tol);
      CHECK(torch::isfinite(plan.f()).all().item<bool>());
      CHECK(torch::isfinite(plan.g()).all().item<bool>());
      auto w = plan.extension_weights(x.to(torch::kFloat64));  // [N, M]: rows pi(.|x_i)
      CHECK(torch::isfinite(w).all().item<bool>());
      CHECK((w.sum(1) - 1).abs().max().item<double>() < 1e-9);
      // The plan's columns sum to b_j exactly after a g-update and its rows to a_i up to the
      // reported error; renormalising the rows (w / N) moves the columns by at most that.
      CHECK((w.sum(0) / n - 1.0 / n).abs().sum().item<double>() <= r.marginal_error + 1e-12);
      CHECK(torch::allclose(plan.conditional_weights(17), w[17]));
      // A query off the samples still has a proper distribution.
      auto off = plan.extension_weights(torch::tensor({{3.5, -3.5}}, torch::kFloat64));
      CHECK(torch::isfinite(off).all().item<bool>());
      CHECK(off.sum().item<double>() == doctest::Approx(1.0));
    }
  }

  TEST_CASE("the sampler draws target atoms with the extension's weights, jitter on request") {
    torch::manual_seed(6);
    auto x = torch::randn({200, 2}), y = torch::randn({50, 2});
    SinkhornOptions o;
    o.eps = 0.5;
    auto plan = solve_sinkhorn(quadratic(), x, y, o);
    auto query = torch::tensor({{0.3, 0.1}}, torch::kFloat64);
    const int64_t n = 20000;
    auto draws = plan.sample(query, n);
    CHECK(draws.size(0) == n);
    CHECK(draws.size(1) == 2);
    // Every draw is an atom; frequencies match the weights within 5 binomial s.e. each.
    auto match = (draws.unsqueeze(1) - y.unsqueeze(0)).abs().sum(-1) < 1e-6;  // [n, 50]
    CHECK(match.any(1).all().item<bool>());
    auto freq = match.to(torch::kFloat64).mean(0);
    auto w = plan.extension_weights(query).squeeze(0);
    auto se = torch::sqrt(w * (1 - w) / n) + 1e-12;
    CHECK(((freq - w).abs() / se).max().item<double>() < 5.0);
    auto jittered = plan.sample(query, 100, 0.05);
    CHECK(!((jittered.unsqueeze(1) - y.unsqueeze(0)).abs().sum(-1) < 1e-6).any(1).all().item<bool>());
    CHECK_THROWS_AS(plan.sample(query, 10, -1.0), InputError);
  }

  TEST_CASE("non-convergence and bad eps are clear errors, never NaN") {
    torch::manual_seed(7);
    auto x = torch::randn({300, 2}), y = Toy2D("swissroll").sample(300);
    SinkhornOptions o;
    o.eps = 1e-3;
    o.max_iters = 3;
    CHECK_THROWS_AS(solve_sinkhorn(quadratic(), x, y, o), InputError);
    o.throw_if_not_converged = false;
    auto plan = solve_sinkhorn(quadratic(), x, y, o);
    CHECK(!plan.report().converged);
    CHECK(std::isfinite(plan.report().marginal_error));
    o.eps = 0.0;
    CHECK_THROWS_AS(solve_sinkhorn(quadratic(), x, y, o), InputError);
    o.eps = NAN;
    CHECK_THROWS_AS(solve_sinkhorn(quadratic(), x, y, o), InputError);

    // A sample that makes the cost NaN or infinite anywhere is named, not solved.
    SinkhornOptions fine;
    for (float bad : {NAN, INFINITY, -INFINITY}) {
      auto xb = x.clone();
      xb[17][1] = bad;
      CHECK_THROWS_WITH_AS(solve_sinkhorn(quadratic(), xb, y, fine),
                           doctest::Contains("has non-finite values on these samples"), InputError);
    }
  }
}
