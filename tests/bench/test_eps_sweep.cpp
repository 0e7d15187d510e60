// Issue 5's acceptance test, CI-sized: on the D = 2 Gaussian pair, one eps-conditioned model
// reaches BW2^2-UVP (plan) within 2x of single-eps models trained for each eps, at three eps.
#include "test_prelude.h"

#include "core/ot/bw_uvp.h"
#include "bench/eps_sweep_bench.h"
#include "bench/gauss2gauss_bench.h"
#include "core/scenes/scene.h"
#include "core/train/lr_schedule.h"
#include "eval/scene_truth.h"

#include <fstream>

using namespace egeot;

namespace {

// What the exact plan at eps_model scores against the truth at eps: the error of a model
// that learned the wrong eps.
double wrong_eps_uvp(const EgeotTrainer& trainer, double eps, double eps_model) {
  const auto truth = *scene_gaussian_truth(trainer.model(), eps);
  const auto off = *scene_gaussian_truth(trainer.model(), eps_model);
  return 100.0 *
         bures_wasserstein_squared(torch::cat({off.mean_x, off.mean_y}), off.joint_covariance,
                                   torch::cat({truth.mean_x, truth.mean_y}),
                                   truth.joint_covariance) /
         (0.5 * truth.joint_covariance.trace().item<double>());
}

}  // namespace

TEST_SUITE("eps_sweep") {
  TEST_CASE("one eps-conditioned model is within 2x of single-eps models at eps 0.1, 1, 10") {
    EpsSweepOverrides o;
    o.eps = {0.1, 1.0, 10.0};
    o.single_iters = 300;
    o.conditioned_iters = 600;  // one model for the range, at 2/3 the single models' steps in all
    o.eval_samples = 8000;
    o.eval_steps = 150;
    o.grid_nodes = 0;
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

    // At this size the score of a model is dominated by where training stopped, not by the
    // 8000-pair estimate (floor ~0.04 %): over seeds 0, 1, 2 the single models scored
    // 0.05-0.35 % at eps 0.1 and the conditioned one 0.05-0.51 %, so "within 2x" alone
    // decides on noise (seed 0 conditioned at eps 10: 0.21 % vs 2 x 0.095 %). The bound adds
    // that spread, and is checked to stay below what a model that got eps wrong scores.
    const double training_spread = 0.3;  // %
    EgeotTrainer probe(settings.single[0].scene, torch::kCPU);

    const auto r = run_eps_sweep(settings, torch::kCPU);
    REQUIRE(r.rows.size() == 3);
    for (const auto& row : r.rows) {
      // A model stuck at eps 1 (at eps 1 itself: one 3x off); measured 5.0 / 4.0 / 16.7 %.
      const double wrong = wrong_eps_uvp(probe, row.eps, row.eps == 1.0 ? 3.0 : 1.0);
      const double bound = 2 * row.single.bw_uvp_plan + training_spread;
      MESSAGE("eps " << row.eps << ": single " << row.single.bw_uvp_plan << " %, conditioned "
                     << row.conditioned.bw_uvp_plan << " %, bound " << bound << " %, wrong eps "
                     << wrong << " %, floor " << row.single.floor_plan << " %");
      CHECK(row.conditioned.eps == row.eps);
      CHECK(std::isfinite(row.conditioned.bw_uvp_plan));
      CHECK(row.conditioned.bw_uvp_plan <= bound);
      CHECK(bound < wrong / 3);  // the bound still tells a model that ignores eps
      // Both learned the plan (seeds 0-2: at most 0.35 %).
      CHECK(row.single.bw_uvp_plan < 0.5);
    }
  }

  // The bench's lr decay reaches training through the scene's schedule, which the trainer follows.
  TEST_CASE("bench_scene carries the bench's decay as the scene's learning-rate schedule") {
    BenchSettings b;
    b.scene = load_scene("swissroll");
    b.scene.optimizer.lr = 1e-3;
    b.scene.optimizer.lr_final = 0;
    b.iters = 200;
    CHECK(bench_scene(b).optimizer.lr_final == 0);  // no decay asked: the scene's own
    b.lr_final = 1e-5;
    const Scene scene = bench_scene(b);
    CHECK(learning_rate_at(scene.optimizer, 0) == doctest::Approx(1e-3));
    CHECK(learning_rate_at(scene.optimizer, 100) == doctest::Approx(1e-4));
    CHECK(learning_rate_at(scene.optimizer, 200) == doctest::Approx(1e-5));
  }

  // A cell's own patch gives that cell a longer recipe for a published figure; the sweep
  // compares at equal budgets, so its single-eps models leave it out.
  TEST_CASE("the sweep's single-eps models leave out gauss2gauss's cell patches") {
    const std::string g2g = test::temp_dir("eps-sweep-cell") + "/gauss2gauss.json";
    std::ofstream(g2g) << R"({"scene": {"potential": {"widths": [16]}, "replay": {"capacity": 100}},
      "bench": {"iters": 30},
      "by_eps": {"1": {"scene": {"sampler": {"noise": 0.25}}}},
      "by_dim": {"2": {"scene": {"optimizer": {"batch": 64}},
                       "by_eps": {"1": {"bench": {"iters": 90}, "scene": {"replay": {"capacity": 400}}}}}}})";
    const BenchSettings cell = bench_settings(2, 1.0, g2g);
    CHECK(cell.iters == 90);
    CHECK(cell.scene.replay.capacity == 400);
    const BenchSettings base = bench_settings(2, 1.0, g2g, /*cell_patch=*/false);
    CHECK(base.iters == 30);
    CHECK(base.scene.replay.capacity == 100);
    CHECK(base.scene.sampler.noise == doctest::Approx(0.25));  // the per-eps patch stays
    CHECK(base.scene.optimizer.batch == 64);                   // and the per-dimension one

    EpsSweepOverrides o;
    o.eps = {1.0, 3.0};
    const auto sweep = eps_sweep_settings(o, eps_sweep_settings_path(), g2g);
    REQUIRE(sweep.single.size() == 2);
    CHECK(sweep.single[0].iters == 30);
    CHECK(sweep.single[0].scene.replay.capacity == 100);
    CHECK(sweep.single[0].scene.sampler.noise == doctest::Approx(0.25));

    // The shipped files: D = 2, eps = 0.1 has its own recipe; the sweep keeps the base cell.
    const BenchSettings shipped = bench_settings(2, 0.1);
    const auto shipped_sweep = eps_sweep_settings();
    REQUIRE(shipped_sweep.eps.front() == 0.1);
    CHECK(shipped_sweep.single.front().iters < shipped.iters);
    CHECK(shipped_sweep.single.front().scene.replay.capacity < shipped.scene.replay.capacity);
    CHECK(shipped_sweep.single.front().iters == shipped_sweep.single.back().iters);
  }
}
