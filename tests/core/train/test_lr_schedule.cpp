// The learning-rate schedule: the scene's fields parse with clear errors, the rate decays
// geometrically to lr_final and stays, the trainer's optimizer runs at the scheduled rate at
// every iteration, and a checkpoint resumed mid-schedule continues on it.
#include "test_prelude.h"

#include "core/scenes/scene.h"
#include "core/train/checkpoint.h"
#include "core/train/egeot_trainer.h"
#include "core/train/lr_schedule.h"

#include <cmath>

using namespace egeot;
using egeot::test::contains;
using egeot::test::error_of;

namespace {

double adam_rate(EgeotTrainer& trainer) {
  return static_cast<torch::optim::AdamOptions&>(trainer.optimizer().param_groups()[0].options()).lr();
}

Scene small_scheduled_scene() {
  Scene scene = load_scene("swissroll");
  scene.potential.widths = {16, 16};
  scene.optimizer.batch = 32;
  scene.sampler.steps = 2;
  scene.replay.capacity = 64;
  scene.optimizer.lr = 1e-3;
  scene.optimizer.lr_final = 1e-4;
  scene.optimizer.lr_decay_iters = 4;
  return scene;
}

}  // namespace

TEST_SUITE("lr_schedule") {
  TEST_CASE("the rate decays geometrically to lr_final, then stays") {
    OptimizerSettings o;
    o.lr = 1e-3;
    CHECK(learning_rate_at(o, 0) == 1e-3);
    CHECK(learning_rate_at(o, 100000) == 1e-3);  // no schedule
    o.lr_final = 1e-5;
    o.lr_decay_iters = 100;
    CHECK(learning_rate_at(o, 0) == doctest::Approx(1e-3));
    CHECK(learning_rate_at(o, 50) == doctest::Approx(1e-4));  // halfway in log
    CHECK(learning_rate_at(o, 100) == doctest::Approx(1e-5));
    CHECK(learning_rate_at(o, 5000) == doctest::Approx(1e-5));
    for (int64_t k = 1; k <= 100; ++k) CHECK(learning_rate_at(o, k) < learning_rate_at(o, k - 1));
    o.lr_decay_start = 1000;  // held at lr until then, then the same decay
    CHECK(learning_rate_at(o, 999) == doctest::Approx(1e-3));
    CHECK(learning_rate_at(o, 1050) == doctest::Approx(1e-4));
    CHECK(learning_rate_at(o, 1100) == doctest::Approx(1e-5));
  }

  TEST_CASE("the scene's fields parse, round-trip and name what is wrong") {
    auto doc = scene_to_json(load_scene("swissroll"));
    doc["optimizer"]["lr"] = 1e-3;
    doc["optimizer"]["lr_final"] = 3e-4;
    doc["optimizer"]["lr_decay_iters"] = 1000;
    doc["optimizer"]["lr_decay_start"] = 70;
    const Scene s = parse_scene(doc, "s.json");
    CHECK(s.optimizer.lr_decay_start == 70);
    CHECK(parse_scene(scene_to_json(s), "again").optimizer.lr_decay_start == 70);
    CHECK(s.optimizer.lr_final == 3e-4);
    CHECK(s.optimizer.lr_decay_iters == 1000);
    const Scene again = parse_scene(scene_to_json(s), "again");
    CHECK(again.optimizer.lr_final == 3e-4);
    CHECK(again.optimizer.lr_decay_iters == 1000);

    auto no_iters = doc;
    no_iters["optimizer"].erase("lr_decay_iters");
    const std::string missing = error_of([&] { parse_scene(no_iters, "s.json"); });
    CHECK(contains(missing, "s.json: field 'optimizer.lr_decay_iters'"));
    CHECK(contains(missing, "when lr_final is set"));
    auto rising = doc;
    rising["optimizer"]["lr_final"] = 1e-2;
    CHECK(contains(error_of([&] { parse_scene(rising, "s.json"); }), "field 'optimizer.lr_final'"));
    auto negative = doc;
    negative["optimizer"]["lr_decay_iters"] = -3;
    CHECK(contains(error_of([&] { parse_scene(negative, "s.json"); }), "field 'optimizer.lr_decay_iters'"));
  }

  TEST_CASE("the trainer steps at the scheduled rate, and a resumed run continues on it") {
    const Scene scene = small_scheduled_scene();
    EgeotTrainer trainer(scene, torch::kCPU);
    for (int64_t k = 0; k < 6; ++k) {
      trainer.step();
      // The rate of the step just taken: the schedule at the iterations completed before it.
      CHECK(adam_rate(trainer) == doctest::Approx(learning_rate_at(scene.optimizer, k)));
    }
    CHECK(adam_rate(trainer) == doctest::Approx(1e-4));

    EgeotTrainer early(scene, torch::kCPU);
    early.step();
    early.step();
    const std::string dir = egeot::test::temp_dir("lr_schedule_resume");
    save_checkpoint(dir, early);
    auto resumed = load_checkpoint(dir, torch::kCPU);
    REQUIRE(resumed->iteration() == 2);
    resumed->step();
    CHECK(adam_rate(*resumed) == doctest::Approx(learning_rate_at(scene.optimizer, 2)));
    CHECK(adam_rate(*resumed) == doctest::Approx(1e-3 * std::pow(0.1, 0.5)));
  }
}
