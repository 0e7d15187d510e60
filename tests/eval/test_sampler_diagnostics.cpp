#include "test_prelude.h"

#include "core/scenes/scene.h"
#include "core/train/egeot_trainer.h"
#include "eval/sampler_diagnostics.h"

#include <cmath>

using namespace egeot;
using egeot::test::contains;
using egeot::test::error_of;

TEST_SUITE("sampler_diagnostics") {
  TEST_CASE(
      "paths of chains stuck at their starts give a large R-hat, well-mixed ones R-hat near 1") {
    torch::manual_seed(3);
    // 200 steps of 6 chains in 2D: independent N(0, I) draws, then the same with each chain
    // offset by 4 per chain index along one coordinate (stuck in different places).
    auto mixed = torch::randn({200, 6, 2});
    auto offsets = torch::zeros({1, 6, 2});
    offsets.select(2, 1).copy_(4 * torch::arange(6).to(torch::kFloat32).reshape({1, 6}));
    auto stuck = mixed + offsets;
    // Independent draws, 12 split chains of 50: R-hat^2 - 1 ~ (chi2_11 / 11 - 1) / 50, so 1.05
    // fails only for chi2_11 > 66 (p < 1e-9), over both coordinates and the folded draws.
    CHECK(path_rhat(mixed, 0, 200) < 1.05);
    CHECK(path_rhat(stuck, 0, 200) > 2);
    CHECK(path_ess(mixed, 100, 200) > 0.7 * 600);
    CHECK(path_ess(stuck, 100, 200) < 60);
    CHECK(contains(error_of([&] { path_ess(mixed, 0, 7); }), "at least 8 steps"));
  }

  TEST_CASE("the three starts: equal groups, the far one on a sphere at three times Q's radius") {
    torch::manual_seed(5);
    EgeotTrainer trainer(load_scene("swissroll"), torch::kCPU);
    std::vector<int> group;
    auto y0 = diagnostic_starts(trainer.model(), torch::tensor({0.5f, 0.5f}), 30, group);
    REQUIRE(y0.sizes() == torch::IntArrayRef({30, 2}));
    REQUIRE(group.size() == 30);
    int counts[kStartGroups] = {0, 0, 0};
    for (int g : group) ++counts[g];
    CHECK(counts[0] == 10);
    CHECK(counts[1] == 10);
    CHECK(counts[2] == 10);
    auto q = trainer.model().target().sample(2000);
    auto centre = q.mean(0, true);
    const double q_radius = (q - centre).norm(2, 1).max().item<double>();
    auto far = (y0.slice(0, 20, 30) - centre).norm(2, 1);
    // The sphere's radius comes from another 2000 samples' largest distance: within 10 %.
    CHECK(far.min().item<double>() > 0.9 * kFarRadius * q_radius);
    CHECK(far.max().item<double>() < 1.1 * kFarRadius * q_radius);
    // Near x: N(x, eps I), eps = 0.1, so within 5 sd = 1.6 of x.
    CHECK((y0.slice(0, 0, 10) - torch::tensor({0.5f, 0.5f})).norm(2, 1).max().item<double>() < 1.6);
  }

  TEST_CASE("diagnose_sampler reports each kernel's curves, acceptance and chains") {
    torch::manual_seed(7);
    EgeotTrainer trainer(load_scene("swissroll"), torch::kCPU);
    auto& model = trainer.model();
    auto x = torch::tensor({0.5f, 0.5f});
    auto grid = grid_on_mass(model, x, grid_around(model.target().sample(1000)));
    auto density = conditional_on_grid(model, x, grid).density;
    DiagnosticOptions o;
    o.steps = 40;
    o.chains = 12;
    o.curve_points = 4;
    for (const char* kind : {"ula", "mala", "hmc"}) {
      CAPTURE(kind);
      LangevinSettings kernel = model.sampler().settings();
      kernel.kind = kind;
      kernel.leapfrog = 3;
      auto d = diagnose_sampler(model, kernel, x, o, grid, density, model.target().sample(50));
      CHECK(d.kind == kind);
      CHECK(d.paths.sizes() == torch::IntArrayRef({41, 12, 2}));
      CHECK(d.curve_steps == std::vector<int64_t>{10, 20, 30, 40});
      CHECK(d.rhat.size() == 4);
      CHECK(d.tv.size() == 4);
      for (double tv : d.tv) CHECK((tv >= 0 && tv <= 1));
      CHECK(d.rhat_final >= 1 - 1e-9);
      CHECK(d.ess_final > 0);
      CHECK(d.energy_to_reference >= 0);
      CHECK(d.gradient_evaluations >= 40);
      if (std::string(kind) == "ula") {
        CHECK(d.acceptance.empty());
        CHECK(d.mean_acceptance == -1);
      } else {
        CHECK(d.acceptance.size() == 40);
        CHECK((d.mean_acceptance >= 0 && d.mean_acceptance <= 1));
      }
    }
    CHECK(contains(error_of([&] {
                     DiagnosticOptions few = o;
                     few.steps = 10;
                     diagnose_sampler(model, model.sampler().settings(), x, few);
                   }),
                   "--steps"));
  }
}
