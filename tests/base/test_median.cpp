#include "test_prelude.h"

#include "base/median.h"

#include <cmath>

using egeot::median;

TEST_SUITE("median") {
  TEST_CASE("the middle value, the two middles' mean for an even count, NaN for none") {
    CHECK(median({3.0, 1.0, 2.0}) == 2.0);
    CHECK(median({4.0, 1.0, 3.0, 2.0}) == 2.5);
    CHECK(median({7.0}) == 7.0);
    CHECK(std::isnan(median({})));
  }
}
