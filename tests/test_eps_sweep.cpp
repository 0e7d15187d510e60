// Issue 5's acceptance test, CI-sized: on the D = 2 Gaussian pair, one eps-conditioned model
// reaches BW2^2-UVP (plan) within 2x of single-eps models trained for each eps, at three eps.
#include "test_prelude.h"

#include "core/eps_sweep_bench.h"

using namespace egeot;

TEST_SUITE("eps_sweep") {
  TEST_CASE("one eps-conditioned model is within 2x of single-eps models at eps 0.1, 1, 10") {
    EpsSweepOverrides o;
    o.eps = {0.1, 1.0, 10.0};
    o.single_iters = 300;
    o.conditioned_iters = 600;  // one model for the range, at 2/3 the single models' steps in all
    o.eval_samples = 8000;
    o.eval_steps = 150;
    o.grid_samples = 0;
    auto settings = eps_sweep_settings(o);
    // Smaller than the bench for CI time; a short weight average, since 300 steps are too
    // few for the bench's 0.995 to forget the initial weights.
    auto shrink = [](BenchSettings& b) {
      b.scene.potential.widths = {64, 64, 64};
      b.ema = 0.98;
    };
    for (auto& b : settings.single) shrink(b);
    shrink(settings.conditioned);
    REQUIRE(settings.conditioned.scene.potential.eps_range.active());

    const auto r = run_eps_sweep(settings, torch::kCPU);
    REQUIRE(r.rows.size() == 3);
    for (const auto& row : r.rows) {
      MESSAGE("eps " << row.eps << ": single " << row.single.bw_uvp_plan << " %, conditioned "
                     << row.conditioned.bw_uvp_plan << " %, floor " << row.single.floor_plan
                     << " %");
      CHECK(row.conditioned.eps == row.eps);
      CHECK(std::isfinite(row.conditioned.bw_uvp_plan));
      // Measured (seeded, CPU): single 0.049 / 0.074 / 0.097 %, conditioned 0.086 / 0.100 /
      // 0.177 %, ratios 1.77 / 1.35 / 1.83; the sampling floor at 8000 pairs is ~0.04 %.
      CHECK(row.conditioned.bw_uvp_plan <= 2 * row.single.bw_uvp_plan);
      // Both learned the plan (measured at most 0.1 %; 3x margin).
      CHECK(row.single.bw_uvp_plan < 0.3);
    }
  }
}
