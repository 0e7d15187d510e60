// `bench time-to-plan` scores with the kernel it is given, says which, and reports that
// kernel's acceptance; the scene's own ULA reports none.
#include "test_prelude.h"

#include "bench/time_to_plan_bench.h"

#include <cmath>

using namespace egeot;
using egeot::test::contains;

namespace {

// A small network and eval, so that a run takes a few seconds.
TimeToPlanOptions time_to_plan_run() {
  TimeToPlanOptions o;
  o.seeds = {0};
  o.budgets = {0.05, 0.1};
  o.eval.steps = 40;
  o.eval.n_queries = 2;
  o.eval.n_per_query = 200;
  o.eval.n_sinkhorn = 300;
  o.eval.n_marginal = 200;
  return o;
}

Scene time_to_plan_scene() {
  Scene s = load_scene("swissroll");
  s.potential.widths = {32, 32};
  s.optimizer.batch = 64;
  return s;
}

}  // namespace

TEST_SUITE("time_to_plan") {
  TEST_CASE("MALA draws the conditionals when asked, and reports its acceptance") {
    const Scene scene = time_to_plan_scene();
    auto o = time_to_plan_run();
    LangevinSettings mala = scene.sampler;
    mala.kind = "mala";
    mala.target_accept = 0.574;
    o.kernel = mala;
    const auto r = run_time_to_plan(scene, torch::kCPU, o);
    CHECK(contains(r.kernel, "mala, 40 steps"));
    CHECK(contains(r.kernel, "acceptance 0.574 over the first 20"));
    REQUIRE(r.runs.size() == 1);
    REQUIRE(r.runs[0].points.size() == 2);
    int64_t last = 0;
    for (const auto& p : r.runs[0].points) {
      // Adapted towards 0.574 over 20 steps: far from both a collapsed and a never-rejecting chain.
      CHECK(p.acceptance > 0.2);
      CHECK(p.acceptance < 0.95);
      CHECK(p.collapsed_runs == 0);
      CHECK(std::isfinite(p.distance));
      CHECK(p.distance > 0);
      CHECK(p.iteration > last);  // training went on after the first evaluation
      last = p.iteration;
    }
  }

  TEST_CASE("without a kernel the scene's ULA draws them, and reports no acceptance") {
    const Scene scene = time_to_plan_scene();
    const auto r = run_time_to_plan(scene, torch::kCPU, time_to_plan_run());
    CHECK(contains(r.kernel, "ula, 40 steps of sigma^2 = 0.0025"));
    for (const auto& p : r.runs[0].points) CHECK(p.acceptance == -1);
    REQUIRE(r.median_ratio.size() == 2);
    CHECK(r.median_ratio[1] == doctest::Approx(r.runs[0].points[1].distance / r.runs[0].points[1].floor));
  }

  // Each seed scores its own query points, and their floors differ by times: the per-seed
  // ratio's median is not the ratio of the medians.
  TEST_CASE("each seed's distance is judged against its own floor") {
    TimeToPlanResult r;
    const double distance[3] = {0.0139, 0.0233, 0.0290}, floor[3] = {0.0101, 0.0076, 0.0170};
    for (int s = 0; s < 3; ++s) {
      TimeToPlanRun run;
      run.seed = s;
      TimeToPlanPoint p;
      p.distance = distance[s];
      p.floor = floor[s];
      p.iteration = 1000 + 100 * s;
      p.distance_median = distance[s] / 2;
      p.floor_median = s == 1 ? floor[s] : floor[s] / 4;
      run.points = {p, p};
      r.runs.push_back(run);
    }
    summarise_time_to_plan(r);
    REQUIRE(r.median_ratio.size() == 2);
    CHECK(r.median_distance[0] == doctest::Approx(0.0233));
    CHECK(r.median_floor[0] == doctest::Approx(0.0101));
    CHECK(r.median_iteration[1] == doctest::Approx(1100));
    // Per seed 1.376, 3.066, 1.706: the median is seed 2's, while the medians' ratio is 2.31.
    CHECK(r.median_ratio[0] == doctest::Approx(0.0290 / 0.0170));
    CHECK(r.median_distance[0] / r.median_floor[0] == doctest::Approx(2.307).epsilon(1e-3));
    // Query medians: 2.75, 1.53, 3.41 per seed.
    CHECK(r.median_query_ratio[1] == doctest::Approx(2 * 0.0139 / 0.0101));
  }

  TEST_CASE("a fixed eval seed scores every run on the same points and floor") {
    const Scene scene = time_to_plan_scene();
    auto o = time_to_plan_run();
    o.seeds = {0, 1};
    o.budgets = {0.05};
    const auto own = run_time_to_plan(scene, torch::kCPU, o);
    REQUIRE(own.runs.size() == 2);
    CHECK(own.runs[0].points[0].floor != own.runs[1].points[0].floor);  // each seed's own points
    o.eval_seed = 7;
    const auto shared = run_time_to_plan(scene, torch::kCPU, o);
    CHECK(shared.runs[0].points[0].floor == shared.runs[1].points[0].floor);
    CHECK(shared.runs[0].points[0].distance != shared.runs[1].points[0].distance);  // two models
    CHECK(shared.shared_queries);
    CHECK(!own.shared_queries);
    CHECK(shared.reference_seconds > 0);
    REQUIRE(shared.median_query_floor.size() == 1);
    CHECK(shared.median_query_floor[0] == shared.runs[0].points[0].floor_median);
  }

  TEST_CASE("kernel_text names each kernel's settings") {
    LangevinSettings k;
    k.noise = 0.05;
    k.kind = "hmc";
    k.leapfrog = 5;
    k.step = 0.02;
    CHECK(kernel_text(k, 100) == "hmc (5 leapfrog steps), 100 steps, fixed step 0.02");
    k.kind = "mala";
    k.step = 0;
    k.target_accept = 0.6;
    k.adapt_steps = 30;
    CHECK(kernel_text(k, 100) ==
          "mala, 100 steps, step from 0.05 adapted towards acceptance 0.6 over the first 30");
  }
}
