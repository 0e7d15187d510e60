#include "viz/plot/axis_ticks.h"
#include "viz/plot/canvas_view.h"
#include "viz/plot/scalar_grid.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace egeot::viz;

namespace {
CanvasView make_view() {
  CanvasView v;
  v.set_viewport({340, 0, 980, 800});  // the studio's canvas at 1280x800 with both panels
  v.set({0.25, -0.5}, 150);
  return v;
}
}  // namespace

TEST_SUITE("canvas_view") {
  TEST_CASE("world -> screen -> world is the identity; y points up on screen") {
    const CanvasView v = make_view();
    for (Vec2 w : {Vec2{0, 0}, Vec2{-2.5, 1.75}, Vec2{3, -4}}) {
      const Vec2 back = v.to_world(v.to_screen(w));
      CHECK(back.x == doctest::Approx(w.x));
      CHECK(back.y == doctest::Approx(w.y));
    }
    // The centre of the viewport shows the view's centre.
    const Vec2 c = v.to_screen(v.center());
    CHECK(c.x == doctest::Approx(660));
    CHECK(c.y == doctest::Approx(400));
    CHECK(v.to_screen({1.25, -0.5}).x == doctest::Approx(660 + 150));
    CHECK(v.to_screen({0.25, 0.5}).y == doctest::Approx(400 - 150));  // up in world = up on screen
  }

  TEST_CASE("pan moves the picture with the mouse") {
    CanvasView v = make_view();
    const Vec2 w{1, 1};
    const Vec2 before = v.to_screen(w);
    v.pan_pixels(30, -20);
    const Vec2 after = v.to_screen(w);
    CHECK(after.x == doctest::Approx(before.x + 30));
    CHECK(after.y == doctest::Approx(before.y - 20));
  }

  TEST_CASE("zoom keeps the world point under the cursor fixed") {
    CanvasView v = make_view();
    const Vec2 cursor{420, 130};
    const Vec2 under = v.to_world(cursor);
    v.zoom_about(cursor, 1.7);
    CHECK(v.pixels_per_unit() == doctest::Approx(255));
    const Vec2 still = v.to_world(cursor);
    CHECK(still.x == doctest::Approx(under.x));
    CHECK(still.y == doctest::Approx(under.y));
    v.zoom_about(cursor, 1 / 1.7);
    CHECK(v.pixels_per_unit() == doctest::Approx(150));
    CHECK(v.center().x == doctest::Approx(0.25));
    CHECK(v.center().y == doctest::Approx(-0.5));
  }

  TEST_CASE("fit shows the whole box, centred, within the margin") {
    CanvasView v;
    v.set_viewport({0, 0, 640, 800});
    v.fit({-2, -1, 2, 3}, 20);
    const Rect seen = v.visible_world();
    CHECK(seen.x0 <= -2);
    CHECK(seen.x1 >= 2);
    CHECK(seen.y0 <= -1);
    CHECK(seen.y1 >= 3);
    CHECK(v.pixels_per_unit() == doctest::Approx(600.0 / 4));  // width-limited
    CHECK(v.center().y == doctest::Approx(1));
  }

  TEST_CASE("the shaders' clip transform lands where to_screen says, HiDPI included") {
    const CanvasView v = make_view();
    for (double scale : {1.0, 2.0}) {
      const int fb_w = int(1280 * scale), fb_h = int(800 * scale);
      const ClipTransform t = v.clip_transform(fb_w, fb_h, scale, scale);
      for (Vec2 w : {Vec2{0, 0}, Vec2{-1.5, 2}, Vec2{2, -1}}) {
        const double ndc_x = w.x * t.scale[0] + t.offset[0], ndc_y = w.y * t.scale[1] + t.offset[1];
        const Vec2 s = v.to_screen(w);
        CHECK((ndc_x + 1) / 2 * fb_w == doctest::Approx(s.x * scale).epsilon(1e-4));
        CHECK((1 - ndc_y) / 2 * fb_h == doctest::Approx(s.y * scale).epsilon(1e-4));
      }
    }
  }
}

TEST_SUITE("axis_ticks") {
  TEST_CASE("ticks are 1, 2 or 5 times a power of ten, inside the range") {
    const Ticks t = nice_ticks(-2.3, 2.7, 5);
    CHECK(t.step == doctest::Approx(1));
    REQUIRE(t.values.size() == 5);
    CHECK(t.values.front() == doctest::Approx(-2));
    CHECK(t.values.back() == doctest::Approx(2));
    CHECK(nice_ticks(0, 0.9, 4).step == doctest::Approx(0.2));
    CHECK(nice_ticks(10, 400, 6).step == doctest::Approx(50));
    CHECK(nice_ticks(1, 1, 5).values.empty());
    CHECK(tick_label(0.4, 0.2) == "0.4");
    CHECK(tick_label(-2, 1) == "-2");
    CHECK(tick_label(150, 50) == "150");
  }
}

TEST_SUITE("scalar_grid") {
  TEST_CASE("bilinear sampling reproduces a linear field; outside is refused") {
    ScalarGrid g;
    g.nx = 5;
    g.ny = 3;
    g.x0 = -1, g.x1 = 1, g.y0 = 0, g.y1 = 2;
    for (int j = 0; j < g.ny; ++j) {
      for (int i = 0; i < g.nx; ++i) {
        const double x = g.x0 + i * 0.5, y = g.y0 + j * 1.0;
        g.values.push_back(float(3 * x - 2 * y + 1));
      }
    }
    float v = 0;
    REQUIRE(g.sample(0.3, 1.4, &v));
    CHECK(v == doctest::Approx(3 * 0.3 - 2 * 1.4 + 1).epsilon(1e-5));
    CHECK_FALSE(g.sample(1.2, 1.0, &v));
    float lo = 0, hi = 0;
    REQUIRE(g.finite_range(&lo, &hi));
    CHECK(lo == doctest::Approx(-6));
    CHECK(hi == doctest::Approx(4));
    CHECK(g.quantile(0.0) == doctest::Approx(-6));
    CHECK(g.quantile(1.0) == doctest::Approx(4));
  }
}
