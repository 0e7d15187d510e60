#include "test_prelude.h"

#include "core/train/egeot_trainer.h"
#include "base/error.h"
#include "eval/evaluation.h"
#include "core/ot/sample_distance.h"
#include "core/scenes/scene.h"

#include <cmath>

using namespace egeot;

namespace {

// Sample sizes small enough for a test to run in a second or two.
EvalOptions small_eval(int64_t seed) {
  EvalOptions o;
  o.steps = 6;
  o.n_plan = 500;
  o.n_marginal = 200;
  o.n_queries = 3;
  o.n_per_query = 150;
  o.n_sinkhorn = 250;
  o.seed = seed;
  return o;
}

}  // namespace

TEST_SUITE("evaluation") {
  TEST_CASE("energy distance: ~0 for one distribution (bound from n), positive for two") {
    torch::manual_seed(21);
    const int64_t n = 2000;
    auto a = torch::randn({n, 2}), b = torch::randn({n, 2});
    // Under equality n * E_hat tends to a centred weighted chi-square sum whose scale is
    // E|X - X'| (= sqrt(pi) for N(0, I) in 2D); 5 of those over n is far in its tail.
    const double same = energy_distance(a, b);
    const double bound = 5 * std::sqrt(M_PI) / n;
    MESSAGE("same " << same << ", bound " << bound);
    CHECK(std::abs(same) < bound);
    // A shift by 0.5 or a 1.5x scale must stand far above that noise.
    CHECK(energy_distance(a, b + 0.5) > 10 * bound);
    CHECK(energy_distance(a, 1.5 * b) > 10 * bound);
    CHECK_THROWS_AS(energy_distance(a, torch::randn({10, 3})), InputError);
  }

  TEST_CASE("evaluate scores every truth a scene has, with finite numbers") {
    auto o = small_eval(0);
    {
      Scene scene = load_scene("swissroll");
      EgeotTrainer trainer(scene, torch::kCPU);
      auto r = evaluate(trainer.model(), o);
      CHECK(!r.gaussian);
      CHECK(r.sinkhorn.converged);
      REQUIRE(r.queries.size() == 3);
      for (const auto& q : r.queries) {
        CHECK(std::isfinite(q.energy_to_sinkhorn));
        CHECK(q.energy_baseline > 0);
        CHECK(q.grid_tv >= 0);
        CHECK(q.grid_tv <= 1);
        CHECK(q.grid_tv_floor > 0);
      }
      auto j = eval_report_to_json(r);
      CHECK(j.contains("queries"));
      CHECK(!j.contains("bw_uvp_plan"));
    }
    {
      Scene scene = load_scene("gaussians");
      EgeotTrainer trainer(scene, torch::kCPU);
      o.eps = 2.0;  // references at another eps than the model's
      auto r = evaluate(trainer.model(), o);
      CHECK(r.gaussian);
      CHECK(r.eps_reference == 2.0);
      CHECK(r.eps_model == scene.eps);
      // The untrained model's plan is N(x, eps I): far from the truth.
      CHECK(r.bw_uvp_plan > 10 * r.bw_floor_plan);
      CHECK(std::isfinite(r.bw_uvp_marginal));
      auto j = eval_report_to_json(r);
      CHECK(j.contains("bw_uvp_plan"));
    }
    o.n_per_query = 1;
    Scene scene = load_scene("swissroll");
    EgeotTrainer trainer(scene, torch::kCPU);
    CHECK_THROWS_AS(evaluate(trainer.model(), o), InputError);
  }

  TEST_CASE("every kernel is scored against the same queries, references and floor") {
    const auto o = small_eval(4);
    Scene scene = load_scene("swissroll");
    EgeotTrainer trainer(scene, torch::kCPU);
    auto& model = trainer.model();
    const auto ula = evaluate(model, o);
    LangevinSettings mala = scene.sampler;
    mala.kind = "mala";
    mala.target_accept = 0.574;
    model.set_sampler_kernel(mala);
    const auto corrected = evaluate(model, o);
    REQUIRE(ula.queries.size() == corrected.queries.size());
    for (size_t k = 0; k < ula.queries.size(); ++k) {
      CHECK(ula.queries[k].x == corrected.queries[k].x);
      CHECK(ula.queries[k].energy_baseline == corrected.queries[k].energy_baseline);
      CHECK(ula.queries[k].energy_floor == corrected.queries[k].energy_floor);
    }
    CHECK(ula.conditional_floor == corrected.conditional_floor);
    // The samples themselves are the kernels' own.
    CHECK(ula.conditional_distance != corrected.conditional_distance);
  }

  TEST_CASE("a kept reference scores a model exactly as a fresh evaluation does") {
    const auto o = small_eval(7);
    for (const char* name : {"swissroll", "gaussians"}) {
      CAPTURE(name);
      Scene scene = load_scene(name);
      EgeotTrainer trainer(scene, torch::kCPU);
      auto& model = trainer.model();
      const auto reference = make_eval_reference(model, o);
      torch::manual_seed(123);  // whatever ran in between does not reach the evaluation
      torch::rand({17});
      const auto kept = evaluate(model, reference);
      const auto again = evaluate(model, reference);
      const auto fresh = evaluate(model, o);
      for (const auto* r : {&kept, &again}) {
        CHECK(r->conditional_distance == fresh.conditional_distance);
        CHECK(r->conditional_floor == fresh.conditional_floor);
        CHECK(r->marginal_energy == fresh.marginal_energy);
        CHECK(r->bw_uvp_plan == fresh.bw_uvp_plan);
        REQUIRE(r->queries.size() == fresh.queries.size());
        for (size_t k = 0; k < fresh.queries.size(); ++k) {
          CHECK(r->queries[k].x == fresh.queries[k].x);
          CHECK(r->queries[k].energy_to_sinkhorn == fresh.queries[k].energy_to_sinkhorn);
          CHECK(r->queries[k].grid_tv == fresh.queries[k].grid_tv);
        }
      }
      CHECK(kept.gaussian == (std::string(name) == "gaussians"));
      if (!kept.gaussian) {
        // The model's first chains (the marginal's) continue the generator where the
        // reference's draws left it, so they never reuse the random numbers of P's and Q's samples.
        const auto drawn = make_eval_reference(model, o);
        const auto y = sample_plan_batched(model, drawn.x_marginal, o.steps);
        CHECK(energy_distance(y, drawn.y_ref) == kept.marginal_energy);
      }
    }
    // A reference belongs to its scene.
    Scene other = load_scene("gaussians");
    EgeotTrainer trainer_other(other, torch::kCPU);
    Scene roll = load_scene("swissroll");
    EgeotTrainer trainer_roll(roll, torch::kCPU);
    const auto reference = make_eval_reference(trainer_roll.model(), o);
    CHECK_THROWS_AS(evaluate(trainer_other.model(), reference), InputError);
  }

  // One point whose conditional lies close to Q (a small baseline) outweighs the others in the
  // means; the medians are those of the typical points.
  TEST_CASE("the conditionals' summary: means and medians over the query points") {
    EvalReport r;
    const double to_sinkhorn[3] = {0.01, 0.04, 0.003}, floor[3] = {0.005, 0.01, 0.02}, baseline[3] = {1, 2, 0.01};
    for (int k = 0; k < 3; ++k) {
      QueryScore q;
      q.energy_to_sinkhorn = to_sinkhorn[k];
      q.energy_floor = floor[k];
      q.energy_baseline = baseline[k];
      r.queries.push_back(q);
    }
    summarise_conditionals(r);
    // Normalised: distance 0.01, 0.02, 0.3; floor 0.005, 0.005, 2.
    CHECK(r.conditional_distance == doctest::Approx(0.33 / 3));
    CHECK(r.conditional_floor == doctest::Approx(2.01 / 3));
    CHECK(r.conditional_distance_median == doctest::Approx(0.02));
    CHECK(r.conditional_floor_median == doctest::Approx(0.005));
    CHECK(eval_report_to_json(r)["conditional_floor_median"].get<double>() == doctest::Approx(0.005));
  }
}
