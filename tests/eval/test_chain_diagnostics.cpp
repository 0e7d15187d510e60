#include "test_prelude.h"

#include "eval/chain_diagnostics.h"

#include <cmath>
#include <random>

using namespace egeot;

namespace {

// m chains of n draws: draw(chain, rng) gives each chain's next value.
template <class Draw>
ChainDraws make_chains(int64_t m, int64_t n, uint64_t seed, Draw draw) {
  std::mt19937_64 rng(seed);
  ChainDraws d;
  d.chains = m;
  d.length = n;
  for (int64_t c = 0; c < m; ++c) {
    for (int64_t t = 0; t < n; ++t) d.draws.push_back(draw(c, t, rng));
  }
  return d;
}

// Stationary AR(1): x_t = rho x_{t-1} + sqrt(1 - rho^2) xi, x_0 ~ N(0, 1).
ChainDraws ar1_chains(int64_t m, int64_t n, double rho, uint64_t seed) {
  double prev = 0;
  return make_chains(m, n, seed, [&](int64_t, int64_t t, std::mt19937_64& rng) {
    std::normal_distribution<double> z;
    prev = t == 0 ? z(rng) : rho * prev + std::sqrt(1 - rho * rho) * z(rng);
    return prev;
  });
}

}  // namespace

TEST_SUITE("chain_diagnostics") {
  TEST_CASE("the normal quantile inverts the normal CDF") {
    for (double p : {1e-6, 0.01, 0.2, 0.5, 0.7, 0.99, 1 - 1e-6}) {
      const double x = normal_quantile(p);
      CHECK(0.5 * std::erfc(-x / std::sqrt(2.0)) == doctest::Approx(p).epsilon(1e-9));
    }
    CHECK(normal_quantile(0.5) == doctest::Approx(0).epsilon(1e-12));
  }

  TEST_CASE("split chains are the halves of each chain, the middle of an odd one dropped") {
    ChainDraws d{{1, 2, 3, 4, 5, 10, 20, 30, 40, 50}, 2, 5};
    auto s = split_chains(d);
    CHECK(s.chains == 4);
    CHECK(s.length == 2);
    CHECK(s.draws == std::vector<double>{1, 2, 4, 5, 10, 20, 40, 50});
    CHECK(contains(error_of([] {
                     split_chains(ChainDraws{{1, 2, 3}, 1, 3});
                   }),
                   "at least 4 draws"));
  }

  TEST_CASE("rank normalisation gives tied draws one score") {
    ChainDraws d{{3, 1, 2, 2}, 1, 4};
    auto z = rank_normalize(d);
    CHECK(z.draws[2] == z.draws[3]);
    CHECK(z.draws[1] < z.draws[2]);
    CHECK(z.draws[2] < z.draws[0]);
    CHECK(z.draws[2] == doctest::Approx(0).epsilon(1e-12));  // the average rank 2.5 of 4
  }

  TEST_CASE("independent normal chains: R-hat near 1, ESS near the number of draws") {
    // 4 chains of 1000, split into 8 of 500: for independent draws B/W ~ chi2_7 / 7 and
    // R-hat^2 ~ 1 + (B/W - 1) / 500, so |R-hat - 1| < 0.005 fails only for chi2_7 > 42
    // (p < 1e-5). The ESS's lag sums carry a noise of about 2 sqrt(3/4000) = 0.055 in tau:
    // +-20% is over three of them.
    auto d = make_chains(4, 1000, 7, [](int64_t, int64_t, std::mt19937_64& rng) {
      return std::normal_distribution<double>()(rng);
    });
    CHECK(std::abs(split_rhat(d) - 1) < 0.005);
    CHECK(std::abs(potential_scale_reduction(d) - 1) < 0.005);
    const double ess = bulk_ess(d);
    CHECK(ess > 0.8 * 4000);
    CHECK(ess < 1.2 * 4000);
  }

  TEST_CASE("an AR(1) chain's ESS matches n (1 - rho) / (1 + rho)") {
    // rho = 0.9: tau = 19, and 4 x 20000 draws give 4210.5 effective ones. The Geyer sum runs
    // over about 3 tau lags, so tau's relative error is about sqrt(2 * 2 * 60 / 80000) = 0.055:
    // +-20% is over three and a half of it.
    const double rho = 0.9;
    auto d = ar1_chains(4, 20000, rho, 11);
    const double expected = 80000 * (1 - rho) / (1 + rho);
    CHECK(bulk_ess(d) == doctest::Approx(expected).epsilon(0.2));
    CHECK(effective_sample_size(d) == doctest::Approx(expected).epsilon(0.2));
    CHECK(std::abs(split_rhat(d) - 1) < 0.01);
  }

  TEST_CASE("chains stuck in different modes give R-hat far above 1") {
    // N(0, 1) and N(8, 1): the ranks separate the chains completely, whose normal scores are
    // then the two half-normals (means -+sqrt(2/pi), variance W = 1 - 2/pi). Split into 4
    // chains, the means' variance (over M - 1 = 3) is 2/pi * 4/3, so
    // R-hat = sqrt((W + 8 / (3 pi)) / W) = 1.83.
    const double w = 1 - 2 / 3.14159265358979;
    auto d = make_chains(2, 1000, 3, [](int64_t c, int64_t, std::mt19937_64& rng) {
      return 8.0 * static_cast<double>(c) + std::normal_distribution<double>()(rng);
    });
    CHECK(split_rhat(d) ==
          doctest::Approx(std::sqrt((w + 8 / (3 * 3.14159265358979)) / w)).epsilon(0.03));
    CHECK(potential_scale_reduction(d) > 4);  // sqrt(1 + 8^2 / 4) on the raw draws
    CHECK(bulk_ess(d) < 100);
  }

  TEST_CASE("chains that agree in location but not in scale are caught by the folded R-hat") {
    auto d = make_chains(4, 1000, 5, [](int64_t c, int64_t, std::mt19937_64& rng) {
      return (c == 0 ? 4.0 : 1.0) * std::normal_distribution<double>()(rng);
    });
    CHECK(split_rhat(d) > 1.05);
  }

  TEST_CASE("frozen chains at different points: R-hat is infinite, not a number that looks fine") {
    ChainDraws d{{1, 1, 1, 1, 2, 2, 2, 2}, 2, 4};
    CHECK(std::isinf(split_rhat(d)));
  }
}
