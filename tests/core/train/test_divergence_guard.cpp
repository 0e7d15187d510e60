#include "test_prelude.h"

#include "core/train/divergence_guard.h"
#include "core/train/egeot_trainer.h"
#include "core/scenes/scene.h"
#include "core/train/step_stability.h"
#include "core/train/trainer_state.h"

#include <cmath>
#include <limits>

using namespace egeot;

namespace {

std::vector<torch::Tensor> weights_of(Potential& p) {
  std::vector<torch::Tensor> out;
  for (auto& t : p->parameters()) out.push_back(t.detach().clone());
  return out;
}

bool same(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!torch::equal(a[i], b[i])) return false;
  }
  return true;
}

// The swissroll preset with the knobs a new user turned too far (tests/fixtures/scenes).
Scene diverging_scene() {
  return load_scene(std::string(EGEOT_TEST_FIXTURES) + "/scenes/swissroll-diverging.json");
}

}  // namespace

TEST_SUITE("divergence_guard") {
  TEST_CASE("a captured state restores weights, average, optimiser, chains and iteration exactly") {
    Scene scene = load_scene("swissroll");
    scene.optimizer.ema = 0.99;
    scene.optimizer.batch = 64;
    EgeotTrainer trainer(scene, torch::kCPU);
    for (int i = 0; i < 3; ++i) trainer.step();
    const auto state = capture_state(trainer);
    const auto live = weights_of(trainer.potential());
    const auto average = weights_of(trainer.model().potential());
    const auto chains = trainer.buffer().state().ys.clone();
    for (int i = 0; i < 4; ++i) trainer.step();
    CHECK_FALSE(same(live, weights_of(trainer.potential())));
    restore_state(trainer, state);
    CHECK(trainer.iteration() == 3);
    CHECK(same(live, weights_of(trainer.potential())));
    CHECK(same(average, weights_of(trainer.model().potential())));
    CHECK(torch::equal(chains, trainer.buffer().state().ys));
    // Adam's moments came back too: the next step from the restored state is the same step.
    torch::manual_seed(7);
    trainer.step();
    const auto once = weights_of(trainer.potential());
    restore_state(trainer, state);
    torch::manual_seed(7);
    trainer.step();
    CHECK(same(once, weights_of(trainer.potential())));
  }

  TEST_CASE("each sign of divergence is recognised, and healthy figures are not") {
    Scene scene = load_scene("swissroll");
    EgeotTrainer trainer(scene, torch::kCPU);
    DivergenceGuard guard(trainer);
    // The Swiss roll and a unit Gaussian reach |y| ~ 4; the bound is many spreads beyond.
    CHECK(guard.chain_bound() > 10);
    CHECK(guard.chain_bound() < 100);
    CHECK(guard.cost_scale() > 0.1);
    StepStats ok;
    ok.loss = -0.3, ok.f_pos = 1.2, ok.f_neg = 0.9, ok.chain_radius = 3.5, ok.grad_norm = 0.4;
    CHECK(guard.sign_of(ok) == "");
    auto with = [&](auto change) {
      StepStats s = ok;
      change(s);
      return guard.sign_of(s);
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(with([&](StepStats& s) { s.loss = nan; }).find("loss is not finite") != std::string::npos);
    CHECK(with([&](StepStats& s) { s.stepped = false; }).find("gradient") != std::string::npos);
    CHECK(with([&](StepStats& s) { s.chain_radius = INFINITY; }).find("chain") != std::string::npos);
    CHECK(with([&](StepStats& s) { s.chain_radius = 2 * guard.chain_bound(); }).find("far outside") !=
          std::string::npos);
    CHECK(with([&](StepStats& s) { s.f_neg = 1e4 * guard.cost_scale(); }).find("|f| reached") !=
          std::string::npos);
  }

  TEST_CASE("the step's stretch matches tau L on a quadratic energy") {
    // f = 0: E = |y - x|^2 / (2 eps), curvature 1/eps, so rho = (sigma^2 / 2) / eps.
    Scene scene = load_scene("swissroll");
    scene.sampler.noise = 0.2;
    EgeotTrainer trainer(scene, torch::kCPU);
    {
      torch::NoGradGuard no_grad;
      for (auto& p : trainer.potential()->parameters()) p.zero_();
    }
    auto x = torch::randn({32, 2});
    auto y = x + 0.3 * torch::randn({32, 2});
    const auto s = measure_step_stability(trainer, x, y);
    const double expected = 0.5 * 0.2 * 0.2 / scene.eps;
    CHECK(s.rho == doctest::Approx(expected).epsilon(1e-3));
    CHECK(s.rho_median == doctest::Approx(expected).epsilon(1e-3));
    // The noise that would bring the stretch to 0.5.
    CHECK(stable_noise(0.2, s.rho) == doctest::Approx(0.2 * std::sqrt(0.5 / expected)).epsilon(1e-3));
  }

  TEST_CASE("a diverging run is caught, rolled back to a finite model, and the suggestion trains stably") {
    Scene scene = diverging_scene();
    EgeotTrainer trainer(scene, torch::kCPU);
    DivergenceGuard guard(trainer);
    std::optional<Divergence> diverged;
    StepStats stats;
    TrainerState at_restore;
    while (!diverged && trainer.iteration() < 1500) {
      diverged = guard.step(stats);
    }
    REQUIRE(diverged);
    MESSAGE(diverged->message());
    CHECK(diverged->restored_to < diverged->iteration);
    CHECK(diverged->iteration - diverged->restored_to <= 2 * 50);
    CHECK(trainer.iteration() == diverged->restored_to);
    CHECK(weights_finite(trainer));
    REQUIRE_FALSE(diverged->suggestion.field.empty());
    CHECK(diverged->message().find(diverged->suggestion.text()) != std::string::npos);

    // The restored model samples in the data's range.
    auto x = trainer.model().source().sample(256);
    auto y = trainer.model().sample_conditional(x, 20);
    CHECK(torch::isfinite(y).all().item<bool>());
    CHECK(y.norm(2, -1).max().item<double>() < guard.chain_bound());

    // Applied (the studio's "restore and apply"), the suggestion trains on without diverging.
    Scene fixed = trainer.scene();
    if (diverged->suggestion.field == "sampler.noise") fixed.sampler.noise = diverged->suggestion.to;
    if (diverged->suggestion.field == "optimizer.lr") fixed.optimizer.lr = diverged->suggestion.to;
    EgeotTrainer again(fixed, torch::kCPU);
    DivergenceGuard guard_again(again);
    const int64_t iterations = 2 * diverged->iteration;
    for (int64_t i = 0; i < iterations; ++i) {
      auto d = guard_again.step(stats);
      if (d) FAIL("the suggested setting diverged too: " << d->message());
    }
  }
}
