// The studio's plain (torch-free, GL-free) parts: curve thinning, the widths field, GL
// resource ownership and iso-lines.
#include "studio/protocol/curve_recorder.h"
#include "studio/protocol/rate_meter.h"
#include "studio/ui/widths_text.h"
#include "viz/gl/gl_resource.h"
#include "viz/plot/iso_lines.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace egeot;

TEST_SUITE("studio_parts") {
  TEST_CASE("curves thin by half when full and keep every stride-th step") {
    studio::CurveRecorder rec(8);
    for (int i = 0; i < 100; ++i) rec.add({float(i), float(-i)});
    auto h = rec.snapshot();
    REQUIRE_FALSE(h->iteration.empty());
    CHECK(h->iteration.size() < 8);
    CHECK(h->iteration.front() == 0);
    for (size_t k = 1; k < h->iteration.size(); ++k) {
      CHECK(h->iteration[k] - h->iteration[k - 1] == float(rec.stride()));
      CHECK(h->loss[k] == -h->iteration[k]);
    }
    // The snapshot is shared until rows are added.
    CHECK((rec.snapshot() == h));
    for (size_t k = 0; k < rec.stride(); ++k) rec.add({float(100 + k)});
    CHECK((rec.snapshot() != h));
  }

  TEST_CASE("the rate meter reads events slower than its window, and 0 once they stop") {
    using namespace std::chrono;
    egeot::studio::RateMeter meter(1.0);
    const auto t0 = egeot::studio::RateMeter::Clock::time_point{};
    for (int i = 0; i < 4; ++i) meter.tick(t0 + milliseconds(4000 * i));  // one step per 4 s
    CHECK(meter.rate(t0 + milliseconds(13000)) == doctest::Approx(0.25));
    CHECK(meter.rate(t0 + milliseconds(21000)) == 0);  // silent for over twice the interval
    for (int i = 0; i < 50; ++i) meter.tick(t0 + milliseconds(30000 + 10 * i));  // 100 per s
    CHECK(meter.rate(t0 + milliseconds(30500)) == doctest::Approx(100).epsilon(0.03));
  }

  TEST_CASE("widths text: parsed strictly, formatted back") {
    std::vector<int64_t> w{1};
    CHECK(studio::parse_widths("128, 64 ,32", &w));
    CHECK(w == std::vector<int64_t>{128, 64, 32});
    CHECK(studio::format_widths(w) == "128, 64, 32");
    for (const char* bad : {"", "0", "12a", "5000", "-3", "1,2,3,4,5,6,7,8,9"}) {
      CHECK_FALSE(studio::parse_widths(bad, &w));
    }
    CHECK(w == std::vector<int64_t>{128, 64, 32});  // untouched by failures
  }

  TEST_CASE("GLResource frees its object once, whoever ends up owning it") {
    static int freed = 0;
    struct CountingDeleter {
      void operator()(unsigned int id) const { freed += int(id); }
    };
    using Res = viz::GLResource<CountingDeleter>;
    freed = 0;
    {
      Res a(5);
      Res b(std::move(a));
      CHECK_FALSE(a);
      CHECK(b.get() == 5);
      Res c(7);
      c = std::move(b);  // frees 7, takes 5
      CHECK(freed == 7);
      Res empty;
      CHECK_FALSE(empty);
    }
    CHECK(freed == 12);
  }

  TEST_CASE("iso-lines of a linear field are straight lines at the level") {
    viz::ScalarGrid g;
    g.nx = 9;
    g.ny = 9;
    g.x0 = -1, g.x1 = 1, g.y0 = -1, g.y1 = 1;
    for (int j = 0; j < g.ny; ++j) {
      for (int i = 0; i < g.nx; ++i) g.values.push_back(float(g.x0 + i * 0.25));  // f = x
    }
    viz::Polylines lines;
    viz::iso_lines(g, {0.1f}, viz::rgba(0, 0, 0), &lines);
    CHECK(lines.lines() == 8);  // one segment per row of cells
    for (size_t k = 0; k < lines.xyt.size(); k += 3) CHECK(lines.xyt[k] == doctest::Approx(0.1));
    const auto levels = viz::even_levels(0, 10, 4);
    CHECK(levels == std::vector<float>{2, 4, 6, 8});
  }
}
