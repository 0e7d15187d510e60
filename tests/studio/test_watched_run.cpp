// Watch mode's trainer-thread half on real checkpoints: a newer checkpoint of the same run
// replaces the model without starting the views afresh; metrics rows reach the curves; a
// diverged checkpoint (huge f, or a non-finite loss in metrics.csv) is named and never shown;
// the directory's bytes are never touched; saving into it is what covers() refuses.
// Torch before doctest: Debian's LibTorch pulls in glog, whose CHECK would replace doctest's.
#include <torch/torch.h>

#include <doctest/doctest.h>

#include "core/scenes/scene.h"
#include "core/train/checkpoint.h"
#include "studio/worker/training_worker.h"
#include "studio/worker/watched_run.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using namespace egeot;

namespace {

Scene watched_scene() {
  at::set_num_threads(1);
  Scene s = load_scene("swissroll");
  s.potential.widths = {16, 16};
  s.optimizer.batch = 32;
  s.sampler.steps = 3;
  return s;
}

// An eps-conditioned scene, whose eps dial works on a watched model.
Scene watched_conditioned_scene() {
  Scene s = watched_scene();
  s.potential.eps_range = {0.05, 0.5, 1.0};
  s.eps = 0.1;
  return s;
}

// Every file's bytes, by name.
std::map<std::string, std::string> run_files(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    out[entry.path().filename().string()] = bytes.str();
  }
  return out;
}

void write_run_metrics(const fs::path& dir, const std::string& rows) {
  std::ofstream(dir / "metrics.csv")
      << "iteration,seconds,loss,f_pos,f_neg,replayed,score_drift_mean,cost_drift_mean,noise_mean,"
         "score_drift_last,cost_drift_last\n"
      << rows;
}

struct WatchedRunDir {
  fs::path path = fs::temp_directory_path() / ("egeot-watched-" + std::to_string(::getpid()));
  WatchedRunDir() { fs::create_directories(path); }
  ~WatchedRunDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

TEST_SUITE("watched_run") {
  TEST_CASE(
      "newer checkpoints replace the model in place; rows feed the curves; nothing is written") {
    WatchedRunDir run;
    EgeotTrainer trainer(watched_scene(), torch::kCPU);
    for (int i = 0; i < 4; ++i) trainer.step();
    save_checkpoint(run.path.string(), trainer);
    write_run_metrics(run.path,
                      "2,0.1,-0.5,0.1,0.2,0,0,0,0,0,0\n4,0.2,-0.25,0.1,0.2,0,0,0,0,0,0\n");

    studio::ModelSession session(torch::kCPU);
    studio::CurveRecorder curves;
    studio::WatchedRun watch;
    watch.begin(run.path.string());
    REQUIRE(watch.view()->state == studio::WatchView::State::kWaiting);
    const auto before = run_files(run.path);
    auto out = watch.poll(session, curves);
    CHECK(out.error.empty());
    REQUIRE(out.reloaded);
    CHECK(out.new_problem);
    CHECK(run_files(run.path) == before);
    REQUIRE(session.ready());
    CHECK(session.trainer().iteration() == 4);
    CHECK(curves.snapshot()->iteration.size() == 2);
    CHECK(watch.view()->state == studio::WatchView::State::kLive);
    CHECK(watch.view()->checkpoint_iteration == 4);
    CHECK(watch.view()->metrics_rows == 2);
    const uint64_t generation = session.generation();

    CHECK_FALSE(watch.poll(session, curves).reloaded);  // nothing new
    for (int i = 0; i < 3; ++i) trainer.step();
    save_checkpoint(run.path.string(), trainer);
    std::ofstream(run.path / "metrics.csv", std::ios::app) << "6,0.3,-0.125,0.1,0.2,0,0,0,0,0,0\n";
    const auto later = run_files(run.path);
    out = watch.poll(session, curves);
    REQUIRE(out.reloaded);
    CHECK_FALSE(out.new_problem);
    CHECK(session.generation() == generation);  // the same run: views and the user's view stay
    CHECK(session.trainer().iteration() == 7);
    CHECK(curves.snapshot()->iteration.size() == 3);
    CHECK(run_files(run.path) == later);

    CHECK(watch.covers(run.path.string()));
    CHECK(watch.covers(run.path.string() + "/"));
    CHECK(watch.covers((run.path / "sub/session").string()));
    CHECK_FALSE(watch.covers(run.path.string() + "2"));
    watch.end();
    CHECK(watch.covers(run.path.string()));  // after watching, too
  }

  TEST_CASE("a diverged checkpoint is named and not shown; the last good one stays") {
    WatchedRunDir run;
    EgeotTrainer trainer(watched_scene(), torch::kCPU);
    for (int i = 0; i < 2; ++i) trainer.step();
    save_checkpoint(run.path.string(), trainer);
    write_run_metrics(run.path, "2,0.1,-0.5,0.1,0.2,0,0,0,0,0,0\n");
    studio::ModelSession session(torch::kCPU);
    studio::CurveRecorder curves;
    studio::WatchedRun watch;
    watch.begin(run.path.string());
    REQUIRE(watch.poll(session, curves).reloaded);

    // Weights blown up by 1e6 per layer: finite, but f is far beyond the cost's scale.
    trainer.step();
    {
      torch::NoGradGuard no_grad;
      for (auto& p : trainer.potential()->parameters()) p.mul_(1e6);
      for (auto& p : trainer.model().potential()->parameters()) p.mul_(1e6);
    }
    save_checkpoint(run.path.string(), trainer);
    auto out = watch.poll(session, curves);
    CHECK_FALSE(out.reloaded);
    CHECK(out.error.find("the checkpoint at iteration 3 is not shown: it diverged (|f| reached") ==
          0);
    CHECK(out.error.find("still showing iteration 2") != std::string::npos);
    CHECK(session.trainer().iteration() == 2);
    CHECK(watch.view()->problem == out.error);
    CHECK_FALSE(watch.poll(session, curves).reloaded);  // not retried

    // A sound model whose logged loss is not finite is not a result either.
    EgeotTrainer sound(watched_scene(), torch::kCPU);
    for (int i = 0; i < 5; ++i) sound.step();
    write_run_metrics(run.path, "5,0.1,inf,0.1,0.2,0,0,0,0,0,0\n");
    save_checkpoint(run.path.string(), sound);
    out = watch.poll(session, curves);
    CHECK_FALSE(out.reloaded);
    CHECK(out.error.find("metrics.csv's loss at iteration 5 is not finite") != std::string::npos);
    CHECK(session.trainer().iteration() == 2);
    // Its row is an error state, not a point of the curves: left out, and counted.
    CHECK(curves.snapshot()->iteration.empty());
    CHECK(watch.view()->rows_not_plotted == 1);
    CHECK(watch.view()->first_not_plotted == 5);

    // ... nor one whose logged loss is ~1e20.
    for (int i = 0; i < 2; ++i) sound.step();
    write_run_metrics(run.path, "7,0.1,1e+20,0.1,0.2,0,0,0,0,0,0\n");
    save_checkpoint(run.path.string(), sound);
    out = watch.poll(session, curves);
    CHECK_FALSE(out.reloaded);
    CHECK(out.error.find(
              "metrics.csv's loss at iteration 7 is 1e+20, beyond 1e+03 times the cost's scale") !=
          std::string::npos);
    CHECK(session.trainer().iteration() == 2);
    // A finite 1e+20 is beyond the bound too: the curves keep the sound rows' scale.
    std::ofstream(run.path / "metrics.csv", std::ios::app) << "8,0.1,-0.25,0.1,0.2,0,0,0,0,0,0\n";
    watch.poll(session, curves);
    const auto plotted = curves.snapshot();
    REQUIRE(plotted->iteration.size() == 1);
    CHECK(plotted->iteration[0] == 8);
    CHECK(watch.view()->rows_not_plotted == 1);
    CHECK(watch.view()->first_not_plotted == 7);
  }

  TEST_CASE("the worker in watch mode trains nothing, keeps the eps dial, and never saves there") {
    WatchedRunDir run;
    EgeotTrainer trainer(watched_conditioned_scene(), torch::kCPU);
    for (int i = 0; i < 3; ++i) trainer.step();
    save_checkpoint(run.path.string(), trainer);
    write_run_metrics(run.path, "3,0.1,-0.5,0.1,0.2,0,0,0,0,0,0\n");
    const auto files = run_files(run.path);

    studio::WorkerOptions options;
    options.watch = run.path.string();
    options.sync = true;
    studio::TrainingWorker worker(options);
    auto s = worker.tick(1);
    REQUIRE(s);
    REQUIRE(s->watch);
    CHECK(s->watch->state == studio::WatchView::State::kLive);
    CHECK(s->iteration == 3);
    CHECK_FALSE(s->playing);
    REQUIRE(s->settings.eps_max > 0);

    worker.send(studio::cmd::Step{5});
    worker.send(studio::cmd::SetPlaying{true});
    s = worker.tick(5);
    CHECK(s->iteration == 3);  // refused: nothing trains
    CHECK_FALSE(s->playing);
    auto settings = s->settings;
    settings.eps = 0.2;
    worker.send(studio::cmd::Apply{settings});
    s = worker.tick(1);
    CHECK(s->settings.eps == doctest::Approx(0.2));
    CHECK(s->iteration == 3);
    settings.lr *= 2;  // a training setting is refused whole
    worker.send(studio::cmd::Apply{settings});
    s = worker.tick(1);
    CHECK(s->settings.lr == doctest::Approx(trainer.scene().optimizer.lr));

    // A newer checkpoint lands: it is shown at the eps dialled.
    for (int i = 0; i < 2; ++i) trainer.step();
    save_checkpoint(run.path.string(), trainer);
    const auto newer = run_files(run.path);
    s = worker.tick(1);
    CHECK(s->iteration == 5);
    CHECK(s->watch->checkpoint_iteration == 5);
    CHECK(s->settings.eps == doctest::Approx(0.2));

    worker.send(studio::cmd::SaveCheckpoint{run.path.string()});
    worker.send(studio::cmd::SaveSession{(run.path / "session").string(), "{}"});
    worker.tick(1);
    int refusals = 0;
    for (const auto& n : worker.take_notices()) {
      refusals += n.text.find("is a watched run directory; the studio never writes into it") !=
                  std::string::npos;
    }
    CHECK(refusals == 2);
    CHECK(run_files(run.path) == newer);
    CHECK(newer != files);
  }

  TEST_CASE(
      "watching starts and stops from the panel's command; the watched directory stays guarded") {
    WatchedRunDir run;
    EgeotTrainer trainer(watched_scene(), torch::kCPU);
    for (int i = 0; i < 4; ++i) trainer.step();
    save_checkpoint(run.path.string(), trainer);
    const auto files = run_files(run.path);

    studio::WorkerOptions options;
    options.sync = true;
    options.playing = false;
    studio::TrainingWorker worker(options);
    REQUIRE(worker.tick(0));
    worker.send(studio::cmd::WatchRun{(run.path / "none").string()});
    auto s = worker.tick(0);
    CHECK_FALSE(s->watch);
    bool named = false;
    for (const auto& n : worker.take_notices()) {
      named |= n.level == studio::Notice::Level::kError &&
               n.text.find("watch: " + (run.path / "none").string() + ": no such directory") == 0;
    }
    CHECK(named);

    worker.send(studio::cmd::WatchRun{run.path.string()});
    s = worker.tick(0);
    REQUIRE(s->watch);
    CHECK(s->watch->checkpoint_iteration == 4);
    CHECK(s->iteration == 4);
    worker.send(studio::cmd::WatchRun{});  // stop: the model stays, and trains again
    worker.send(studio::cmd::Step{2});
    s = worker.tick(0);
    CHECK_FALSE(s->watch);
    CHECK(s->iteration == 6);
    worker.send(studio::cmd::SaveCheckpoint{run.path.string()});
    worker.tick(0);
    bool refused = false;
    for (const auto& n : worker.take_notices()) {
      refused |= n.text.find("is a watched run directory") != std::string::npos;
    }
    CHECK(refused);
    CHECK(run_files(run.path) == files);
  }
}
