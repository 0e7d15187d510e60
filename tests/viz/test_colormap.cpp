#include "viz/plot/colormap.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace egeot::viz;

TEST_SUITE("colormap") {
  TEST_CASE("ends are matplotlib's first and last colours") {
    const Rgb v0 = colormap(Colormap::kViridis, 0), v1 = colormap(Colormap::kViridis, 1);
    CHECK(v0.r == doctest::Approx(0x44 / 255.0));
    CHECK(v0.g == doctest::Approx(0x01 / 255.0));
    CHECK(v0.b == doctest::Approx(0x54 / 255.0));
    CHECK(v1.r == doctest::Approx(0xFD / 255.0));
    CHECK(v1.g == doctest::Approx(0xE7 / 255.0));
    CHECK(v1.b == doctest::Approx(0x25 / 255.0));
    const Rgb m0 = colormap(Colormap::kMagma, 0), m1 = colormap(Colormap::kMagma, 1);
    CHECK(m0.r + m0.g + m0.b < 0.05f);
    CHECK(m1.b == doctest::Approx(0xBF / 255.0));
  }

  TEST_CASE("luminance rises monotonically: the maps read as ordered in grey") {
    for (Colormap map : {Colormap::kViridis, Colormap::kMagma}) {
      float previous = -1;
      for (int i = 0; i <= 512; ++i) {
        const float l = luminance(colormap(map, i / 512.0f));
        CHECK(l > previous);
        previous = l;
      }
    }
  }

  TEST_CASE("out of range clamps and NaN maps to the start") {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    CHECK(colormap(Colormap::kViridis, -3).r == colormap(Colormap::kViridis, 0).r);
    CHECK(colormap(Colormap::kViridis, 7).g == colormap(Colormap::kViridis, 1).g);
    CHECK(colormap(Colormap::kMagma, nan).b == colormap(Colormap::kMagma, 0).b);
  }

  TEST_CASE("neighbouring colours are close: no jumps between anchors") {
    for (int i = 0; i < 1000; ++i) {
      const Rgb a = colormap(Colormap::kViridis, i / 1000.0f);
      const Rgb b = colormap(Colormap::kViridis, (i + 1) / 1000.0f);
      CHECK(std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b) < 0.02f);
    }
  }

  TEST_CASE("lookup table and colourise agree with colormap()") {
    const auto lut = colormap_lut(Colormap::kViridis, 256);
    REQUIRE(lut.size() == 256 * 3);
    CHECK(lut[0] == 0x44);
    CHECK(lut[255 * 3 + 1] == 0xE7);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const auto rgba = colourise({0.0f, 10.0f, 5.0f, nan, -4.0f}, 0.0f, 10.0f, Colormap::kViridis);
    REQUIRE(rgba.size() == 20);
    CHECK(rgba[0] == 0x44);  // lo -> start
    CHECK(rgba[4] == 0xFD);  // hi -> end
    CHECK(rgba[3] == 255);
    const Rgb mid = colormap(Colormap::kViridis, 0.5f);
    CHECK(std::abs(rgba[8] - mid.r * 255) <= 1.5);
    CHECK(rgba[15] == 0);     // NaN -> transparent
    CHECK(rgba[16] == 0x44);  // below lo clamps
  }
}
