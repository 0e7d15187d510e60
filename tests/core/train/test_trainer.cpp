#include "test_prelude.h"

#include "core/train/egeot_trainer.h"
#include "core/ot/gaussian_eot.h"
#include "core/data/gaussian_weights.h"
#include "core/scenes/scene.h"

using namespace egeot;

namespace {

// Least-squares fit y ≈ A x + b over samples of the learned plan: the conditional mean map.
torch::Tensor fitted_map(EgeotTrainer& trainer, int64_t n, int64_t steps) {
  torch::manual_seed(123);
  auto x = trainer.model().source().sample(n);
  auto y = trainer.model().sample_conditional(x, steps).to(torch::kFloat64);
  auto design = torch::cat({x.to(torch::kFloat64), torch::ones({n, 1}, torch::kFloat64)}, 1);
  auto beta = std::get<0>(torch::linalg::lstsq(design, y, c10::nullopt, c10::nullopt));
  return beta.slice(0, 0, x.size(1)).t();  // [Dy, Dx]
}

}  // namespace

TEST_SUITE("trainer") {
  TEST_CASE("training on the D = 2 Gaussian pair moves the conditional mean map to the truth") {
    Scene scene = load_scene("gaussians");
    scene.eps = 1.0;
    scene.seed = 5;
    EgeotTrainer trainer(scene, torch::kCPU);

    auto pair = load_gaussian_pair(benchmark_weights_path(), 2);
    auto wx = to_tensor(pair.source_weight), wy = to_tensor(pair.target_weight);
    auto truth = gaussian_eot(torch::zeros({2}, torch::kFloat64), torch::matmul(wx, wx.t()),
                              torch::zeros({2}, torch::kFloat64), torch::matmul(wy, wy.t()), 1.0);
    const auto a_true = truth.conditional_matrix;

    const double before = (fitted_map(trainer, 4000, 300) - a_true).norm().item<double>();
    torch::manual_seed(scene.seed);
    StepStats last;
    for (int i = 0; i < 400; ++i) last = trainer.step();
    const double after = (fitted_map(trainer, 4000, 300) - a_true).norm().item<double>();
    MESSAGE("|A_hat - A_true|_F before " << before << ", after " << after);
    CHECK(last.iteration == 400);
    CHECK(std::isfinite(last.loss));
    CHECK(last.replayed > 0.8);
    CHECK(last.sampler.score_drift.size() == static_cast<size_t>(scene.sampler.steps));
    // The untrained model's map is ~I (pi ≈ N(x, eps I)); trained, the error must shrink
    // to under a quarter (measured: 1.12 -> 0.056). Sampling noise in A_hat at n = 4000 is ~0.03 per entry.
    CHECK(after < 0.25 * before);
  }

  TEST_CASE("f is reported in true units: f = s eps g / sigma^2") {
    Scene scene = load_scene("swissroll");
    EgeotTrainer trainer(scene, torch::kCPU);
    auto y = torch::randn({5, 2});
    torch::Tensor g;
    {
      torch::NoGradGuard no_grad;
      g = trainer.potential()->forward(y);
    }
    const double scale = scene.sampler.score_coef * scene.eps /
                         (scene.sampler.noise * scene.sampler.noise);
    CHECK(trainer.model().f_scale() == doctest::Approx(scale));
    CHECK(torch::allclose(trainer.model().f(y), g * scale));
  }

  TEST_CASE("a scene's seed makes a run reproducible") {
    Scene scene = load_scene("swissroll");
    scene.optimizer.batch = 64;
    EgeotTrainer a(scene, torch::kCPU);
    a.step();
    auto la = a.step().loss;
    EgeotTrainer b(scene, torch::kCPU);
    b.step();
    auto lb = b.step().loss;
    CHECK(la == lb);
  }
}

TEST_SUITE("trainer") {
  // The foundation's acceptance check in miniature: after training the interactive preset,
  // samples of pi(.|x) at x = (0.5, 0.5) lie on the Swiss roll and near x. Untrained, the
  // same sampler gives pi ≈ N(x, eps I), a blob that is mostly off the roll.
  TEST_CASE("trained on the Swiss roll, pi(.|x) lies on the roll near x") {
    Scene scene = load_scene("swissroll");
    EgeotTrainer trainer(scene, torch::kCPU);
    torch::manual_seed(99);
    auto roll = trainer.model().target().sample(20000);
    auto x = torch::tensor({0.5f, 0.5f}).repeat({500, 1});
    // Median distance from each sample to the nearest of 20000 roll points.
    auto off_roll = [&](const torch::Tensor& y) {
      return std::get<0>(torch::cdist(y, roll).min(1)).median().item<double>();
    };
    torch::manual_seed(1);
    const double before = off_roll(trainer.model().sample_conditional(x, 200));
    for (int i = 0; i < 1500; ++i) trainer.step();
    torch::manual_seed(1);
    auto y = trainer.model().sample_conditional(x, 200);
    const double after = off_roll(y);
    const double to_x = (y - x).norm(2, 1).median().item<double>();
    MESSAGE("median distance to the roll: untrained " << before << ", trained " << after
                                                      << "; median |y - x| " << to_x);
    CHECK(after < 0.5 * before);
    CHECK(after < 0.05);
    CHECK(to_x < 0.6);
  }
}

TEST_SUITE("trainer") {
  // Forked replay (the reference's) duplicates chains, so the buffer's x's coalesce onto few
  // draws of P; persistent chains keep one distinct x per slot.
  TEST_CASE("persistent replay keeps every chain's x distinct; forked replay duplicates them") {
    for (const char* mode : {"fork", "persistent"}) {
      Scene scene = load_scene("gaussians");
      scene.replay.mode = mode;
      scene.replay.capacity = 1000;
      scene.replay.probability = 0.95;
      scene.optimizer.batch = 64;
      scene.sampler.steps = 2;
      scene.potential.widths = {16};
      EgeotTrainer trainer(scene, torch::kCPU);
      StepStats last;
      for (int i = 0; i < 100; ++i) last = trainer.step();
      auto state = trainer.buffer().state();
      const auto distinct = std::get<0>(torch::unique_dim(state.xs, 0)).size(0);
      MESSAGE(std::string(mode) << ": " << distinct << " distinct x among " << state.xs.size(0) << " chains");
      CHECK(state.xs.size(0) == 1000);
      CHECK(last.replayed > 0.8);
      if (std::string(mode) == "persistent") {
        CHECK(distinct == 1000);
      } else {
        CHECK(distinct < 800);
      }
    }
  }
}
