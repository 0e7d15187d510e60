// The image eval's reference plan on images whose optimal coupling is known: the generator
// images are the sources permuted with a little noise, so at small eps the plan is that
// permutation (content ratio = noise / typical distance), at large eps independence (1).
#include "test_prelude.h"

#include "base/error.h"
#include "eval/image_eot_truth.h"

using namespace egeot;

TEST_SUITE("image_eot_truth") {
  TEST_CASE("image truth: a permutation at small eps, independence at large eps") {
    torch::manual_seed(3);
    const int64_t n = 40;
    auto sources = torch::rand({n, 1, 5, 5});
    auto images = sources.index_select(0, torch::randperm(n)) + 0.01 * torch::randn({n, 1, 5, 5});
    // Matched pairs are 0.05 apart, others ~2: the plan's content ratio at small eps is ~0.05/2.
    const auto plans = image_eot_truth(sources, images, {0.01, 1.0, 1e4});
    REQUIRE(plans.size() == 3);
    const auto& sharp = plans[0];
    const auto& mid = plans[1];
    const auto& flat = plans[2];
    CHECK(sharp.converged);
    CHECK(sharp.n == n);
    CHECK(sharp.eps == 0.01);
    CHECK(sharp.content_ratio < 0.05);
    CHECK(mid.content_ratio > sharp.content_ratio);
    CHECK(flat.content_ratio > mid.content_ratio);
    CHECK(flat.content_ratio == doctest::Approx(1.0).epsilon(1e-3));
    CHECK_THROWS_AS(image_eot_truth(sources, images.narrow(0, 0, n - 1), {1.0}), InputError);
  }
}
