// The studio's trainer side: warm starts keep f in true units, bad settings and files leave
// the model untouched, and --sync ticks are deterministic.
// Torch before doctest: Debian's LibTorch pulls in glog, whose CHECK would replace doctest's.
#include <torch/torch.h>

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "base/error.h"
#include "core/scenes/scene.h"
#include "studio/worker/model_session.h"
#include "studio/worker/training_worker.h"
#include "studio/worker/warm_start.h"

#include <filesystem>
#include <fstream>

using namespace egeot;

namespace {

// One torch thread, as the studio runs (configure_cpu_threads may run once per process; the
// worker does that).
void one_thread() {
  at::set_num_threads(1);
}

Scene small_scene() {
  one_thread();
  Scene s = load_scene("swissroll");
  s.potential.widths = {32, 32};
  s.optimizer.batch = 64;
  s.sampler.steps = 5;
  return s;
}

}  // namespace

TEST_SUITE("worker") {
  TEST_CASE("a warm start to another eps and sigma keeps f, the chains and the iteration") {
    EgeotTrainer old(small_scene(), torch::kCPU);
    for (int i = 0; i < 15; ++i) old.step();
    Scene changed = old.scene();
    changed.eps = 0.3;
    changed.sampler.noise = 0.08;
    changed.optimizer.lr = 5e-4;
    REQUIRE(studio::can_warm_start(old, changed));
    auto fresh = studio::warm_start(old, changed);
    CHECK(fresh->model().f_scale() != doctest::Approx(old.model().f_scale()));
    auto y = torch::randn({200, 2});
    CHECK(torch::allclose(fresh->model().f(y), old.model().f(y), /*rtol=*/1e-4, /*atol=*/1e-5));
    CHECK(fresh->iteration() == old.iteration());
    CHECK(fresh->buffer().size() == old.buffer().size());
    CHECK(fresh->scene().eps == 0.3);
    fresh->step();  // and it trains on
    CHECK(fresh->iteration() == 16);
  }

  TEST_CASE("settings: a bad value is refused whole; new widths give a fresh network") {
    one_thread();
    studio::ModelSession session(torch::kCPU);
    session.load_scene("swissroll");
    for (int i = 0; i < 3; ++i) session.trainer().step();
    const uint64_t generation = session.generation();
    auto bad = session.settings();
    bad.eps = -1;
    CHECK_THROWS_AS(session.apply(bad), InputError);
    CHECK(session.trainer().iteration() == 3);
    CHECK(session.settings().eps == 0.1);

    auto warmer = session.settings();
    warmer.eps = 0.05;
    session.apply(warmer);
    CHECK(session.generation() == generation);  // same problem, same views
    CHECK(session.trainer().iteration() == 3);

    auto wider = session.settings();
    wider.widths = {64, 64};
    session.apply(wider);
    CHECK(session.generation() == generation + 1);
    CHECK(session.trainer().iteration() == 0);
    CHECK(session.settings().widths == std::vector<int64_t>{64, 64});
  }

  TEST_CASE("a learning-rate schedule is reported, and a new rate moves its final rate with it") {
    one_thread();
    auto doc = scene_to_json(small_scene());
    doc["optimizer"]["lr"] = 1e-3;
    doc["optimizer"]["lr_final"] = 2e-4;
    doc["optimizer"]["lr_decay_iters"] = 50;
    const auto dir = std::filesystem::temp_directory_path() / "egeot_worker_lr_schedule";
    std::filesystem::create_directories(dir);
    const auto file = (dir / "scheduled.json").string();
    std::ofstream(file) << doc.dump();
    studio::ModelSession session(torch::kCPU);
    session.load_scene(file);
    for (int i = 0; i < 3; ++i) session.trainer().step();
    CHECK(session.settings().lr_final == doctest::Approx(2e-4));
    CHECK(session.settings().lr_decay_iters == 50);

    auto slower = session.settings();
    slower.lr = 5e-4;
    session.apply(slower);
    CHECK(session.trainer().iteration() == 3);  // a warm start: the schedule goes on from here
    CHECK(session.settings().lr == doctest::Approx(5e-4));
    CHECK(session.settings().lr_final == doctest::Approx(1e-4));
    CHECK(session.trainer().scene().optimizer.lr_decay_iters == 50);
    // The warm start begins the decay again where the new settings took over ...
    CHECK(session.trainer().scene().optimizer.lr_decay_start == 3);
    // ... and a fresh network at its own start.
    session.reset();
    CHECK(session.trainer().iteration() == 0);
    CHECK(session.trainer().scene().optimizer.lr_decay_start == 0);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("loading a corrupt checkpoint keeps the running model") {
    one_thread();
    studio::ModelSession session(torch::kCPU);
    session.load_scene("swissroll");
    session.trainer().step();
    const auto dir = std::filesystem::temp_directory_path() / "egeot-studio-test-corrupt";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "config.json") << "{ not json";
    CHECK_THROWS_AS(session.load_checkpoint(dir.string()), InputError);
    CHECK(session.trainer().iteration() == 1);
    CHECK(session.scene_name() == "swissroll");
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("a refused scene the studio wrote from the user's data is removed, a user's directory is not") {
    one_thread();
    const auto root = std::filesystem::temp_directory_path() / "egeot-studio-test-written";
    std::filesystem::remove_all(root);
    // As ui/user_scene writes it: scene.json and the copied files beside it; here q.csv is bad.
    auto write_scene = [](const std::filesystem::path& dir) {
      std::filesystem::create_directories(dir);
      std::ofstream(dir / "scene.json")
          << R"({"source": {"type": "gaussian"}, "target": {"type": "points", "file": "q.csv"}, "eps": 0.1})";
      std::ofstream(dir / "q.csv") << "x,y\n1,2\n3,abc\n";
    };
    const auto written = root / "drawn", users = root / "mine";
    write_scene(written);
    write_scene(users);
    std::ofstream(users / "notes.txt") << "the user's own file";
    studio::WorkerOptions o;
    o.sync = true;
    studio::TrainingWorker worker(o);
    worker.tick(1);
    worker.take_notices();
    worker.send(studio::cmd::LoadScene{(written / "scene.json").string(), written.string()});
    worker.send(studio::cmd::LoadScene{(users / "scene.json").string(), users.string()});
    auto s = worker.tick(0);
    auto notices = worker.take_notices();
    REQUIRE(notices.size() == 2);
    CHECK(notices[0].level == studio::Notice::Level::kError);
    CHECK(notices[0].text.find("row 3") != std::string::npos);
    CHECK(notices[0].text.find("removed") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(written));
    CHECK(notices[1].level == studio::Notice::Level::kError);
    CHECK(notices[1].text.find("removed") == std::string::npos);
    CHECK(std::filesystem::exists(users / "notes.txt"));
    REQUIRE(bool(s));
    CHECK(s->scene_name == "swissroll");  // the running model is kept
    std::filesystem::remove_all(root);
  }

  TEST_CASE("the worker saves a checkpoint on command and a new studio opens it") {
    const auto dir = std::filesystem::temp_directory_path() / "egeot-studio-test-save";
    std::filesystem::remove_all(dir);
    {
      studio::WorkerOptions o;
      o.sync = true;
      studio::TrainingWorker worker(o);
      worker.tick(4);
      worker.send(studio::cmd::SaveCheckpoint{dir.string()});
      worker.tick(0);
      auto notices = worker.take_notices();
      REQUIRE(notices.size() == 1);
      CHECK(notices[0].level == studio::Notice::Level::kInfo);
      CHECK(notices[0].text.find("iteration 4") != std::string::npos);
    }
    studio::WorkerOptions o;
    o.sync = true;
    o.checkpoint = dir.string();
    studio::TrainingWorker worker(o);
    auto s = worker.tick(1);
    REQUIRE(bool(s));
    CHECK(s->iteration == 5);
    CHECK(s->scene_name == "swissroll");
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("--sync ticks are deterministic: two runs publish the same model") {
    auto run = [] {
      studio::WorkerOptions o;
      o.sync = true;
      o.queries = {{0.5, 0.5}};
      o.selected = 0;
      studio::TrainingWorker worker(o);
      std::shared_ptr<const studio::Snapshot> s;
      for (int k = 0; k < 4; ++k) s = worker.tick(3);
      return s;
    };
    auto a = run();
    auto b = run();
    REQUIRE(bool(a));
    REQUIRE(bool(b));
    CHECK(a->iteration == 12);
    CHECK(b->iteration == 12);
    REQUIRE(bool(a->curves));
    CHECK(a->curves->loss == b->curves->loss);
    REQUIRE(bool(a->landscape));
    REQUIRE(bool(a->landscape->energy));
    CHECK(a->landscape->energy->values == b->landscape->energy->values);
    REQUIRE(bool(a->conditional_samples));
    CHECK(a->conditional_samples->xy == b->conditional_samples->xy);
    CHECK(a->paths->xyt == b->paths->xyt);
  }

  TEST_CASE("a diverging scene pauses with a report, shows the last good model, and its suggestion trains on") {
    studio::WorkerOptions o;
    o.sync = true;
    o.scene = std::string(EGEOT_TEST_FIXTURES) + "/scenes/swissroll-diverging.json";
    studio::TrainingWorker worker(o);
    std::shared_ptr<const studio::Snapshot> s;
    for (int k = 0; k < 60 && !(s && s->divergence); ++k) s = worker.tick(25);
    REQUIRE(bool(s));
    REQUIRE(bool(s->divergence));
    const auto report = *s->divergence;
    MESSAGE(report.message);
    CHECK_FALSE(s->playing);
    CHECK(s->iteration == report.restored_to);
    CHECK(report.restored_to < report.iteration);
    REQUIRE_FALSE(report.suggestion.empty());
    // The curves end at the restored iteration: nothing of the diverged stretch is drawn.
    REQUIRE(bool(s->curves));
    if (!s->curves->iteration.empty()) CHECK(s->curves->iteration.back() <= float(report.restored_to));
    // Paused: a tick trains nothing until the user chooses.
    s = worker.tick(5);
    CHECK(s->iteration == report.restored_to);
    worker.send(studio::cmd::ApplySuggestion{});
    s = worker.tick(0);
    CHECK_FALSE(bool(s->divergence));
    CHECK(s->playing);
    if (report.suggestion_field == "sampler.noise") CHECK(s->settings.noise == report.suggestion_value);
    if (report.suggestion_field == "optimizer.lr") CHECK(s->settings.lr == report.suggestion_value);
    for (int k = 0; k < 40 && !s->divergence; ++k) s = worker.tick(25);
    CHECK_FALSE(bool(s->divergence));
    CHECK(s->iteration == report.restored_to + 40 * 25);
  }
}
