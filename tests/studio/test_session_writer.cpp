// A session's model half on disk: written complete or not at all, replacing an older session
// only once the new one is whole, refusing a directory that is not a session, and carrying a
// copy of the data file its scene names.
// Torch before doctest: Debian's LibTorch pulls in glog, whose CHECK would replace doctest's.
#include <torch/torch.h>

#include <doctest/doctest.h>

#include "base/error.h"
#include "core/scenes/scene.h"
#include "core/train/checkpoint.h"
#include "studio/worker/session_writer.h"
#include "studio/worker/training_worker.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>

using namespace egeot;
namespace fs = std::filesystem;

namespace {

std::string fresh_dir() {
  std::string pattern = (fs::temp_directory_path() / "egeot-session-XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  return pattern;
}

Scene tiny_scene() {
  at::set_num_threads(1);
  Scene s = load_scene("swissroll");
  s.potential.widths = {16, 16};
  s.optimizer.batch = 32;
  s.sampler.steps = 3;
  return s;
}

std::string error_text(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Nothing but `keep` in `dir`: no temporary, no moved-aside old session.
void only(const fs::path& dir, const std::string& keep) {
  for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename() == keep);
}

}  // namespace

TEST_SUITE("session_writer") {
  TEST_CASE("a session is written whole, replaces an older one, and loads back") {
    const fs::path root = fresh_dir();
    const std::string dir = (root / "s").string();
    EgeotTrainer trainer(tiny_scene(), torch::kCPU);
    for (int i = 0; i < 3; ++i) trainer.step();
    studio::write_session(dir, "{\"first\": 1}\n", trainer);
    CHECK(slurp(fs::path(dir) / "session.json") == "{\"first\": 1}\n");
    CHECK(has_checkpoint(dir + "/checkpoint"));
    CHECK(load_scene(dir + "/scene.json").potential.widths == std::vector<int64_t>{16, 16});
    only(root, "s");

    for (int i = 0; i < 2; ++i) trainer.step();
    studio::write_session(dir, "{\"second\": 2}\n", trainer);
    CHECK(slurp(fs::path(dir) / "session.json") == "{\"second\": 2}\n");
    auto loaded = load_checkpoint(dir + "/checkpoint", torch::kCPU);
    CHECK(loaded->iteration() == 5);
    const auto y = torch::randn({50, 2});
    CHECK(torch::allclose(loaded->model().f(y), trainer.model().f(y)));
    only(root, "s");
    fs::remove_all(root);
  }

  TEST_CASE("a directory that is not a session is never replaced; an unwritable one is named") {
    const fs::path root = fresh_dir();
    EgeotTrainer trainer(tiny_scene(), torch::kCPU);
    const fs::path mine = root / "mine";
    fs::create_directories(mine);
    std::ofstream(mine / "notes.txt") << "keep me";
    const std::string msg =
        error_text([&] { studio::write_session(mine.string(), "{}", trainer); });
    CHECK(msg.find(mine.string() + ": a directory that is not a session") != std::string::npos);
    CHECK(slurp(mine / "notes.txt") == "keep me");
    only(mine, "notes.txt");

    std::ofstream(root / "file") << "x";
    CHECK(error_text([&] {
            studio::write_session((root / "file").string(), "{}", trainer);
          }).find("exists and is not a directory") != std::string::npos);
    // Under a file, no directory can be made (whoever runs this, root included).
    const std::string under = (root / "file" / "s").string();
    const std::string why = error_text([&] { studio::write_session(under, "{}", trainer); });
    CHECK(why.find(under + ": cannot write the session") != std::string::npos);
    CHECK(why.find("nothing was overwritten") != std::string::npos);
    CHECK(slurp(root / "file") == "x");
    fs::remove_all(root);
  }

  TEST_CASE("the data file a scene names is copied beside scene.json, which names the copy") {
    const fs::path root = fresh_dir();
    std::ofstream(root / "pts.csv") << "x,y\n0,0\n1,0\n0,1\n1,1\n0.5,0.5\n";
    Scene scene = tiny_scene();
    scene.target = {{"type", "points"}, {"file", (root / "pts.csv").string()}, {"bandwidth", 0.05}};
    EgeotTrainer trainer(parse_scene(scene_to_json(scene), "test"), torch::kCPU);
    const fs::path dir = root / "s";
    studio::write_session(dir.string(), "{}", trainer);
    CHECK(slurp(dir / "data" / "target-pts.csv") == slurp(root / "pts.csv"));
    fs::remove(root / "pts.csv");  // the session stands on its own
    const Scene back = load_scene((dir / "scene.json").string());
    CHECK(back.target.at("file").get<std::string>() == (dir / "data" / "target-pts.csv").string());
    CHECK(load_checkpoint((dir / "checkpoint").string(), torch::kCPU)->iteration() == 0);
    fs::remove_all(root);
  }

  TEST_CASE("the trainer opens a session's model; a bad session leaves the running one") {
    const fs::path root = fresh_dir();
    const std::string dir = (root / "s").string();
    EgeotTrainer trainer(tiny_scene(), torch::kCPU);
    for (int i = 0; i < 4; ++i) trainer.step();
    studio::write_session(dir, "{}", trainer);

    studio::WorkerOptions o;
    o.scene = "moons";
    o.sync = true;
    o.playing = false;
    studio::TrainingWorker worker(o);
    REQUIRE(worker.wait_first(60));
    worker.send(studio::cmd::OpenSession{(root / "none").string(), false});
    auto s = worker.tick(0);
    REQUIRE(s);
    CHECK(s->scene_name == "moons");
    CHECK(s->sessions_opened == 0);
    bool named = false;
    for (const auto& n : worker.take_notices()) {
      named |= n.level == studio::Notice::Level::kError &&
               n.text.find("open session: " + (root / "none").string() + "/checkpoint") == 0;
    }
    CHECK(named);

    worker.send(studio::cmd::OpenSession{dir, false});
    s = worker.tick(0);
    REQUIRE(s);
    CHECK(s->sessions_opened == 1);
    CHECK(s->scene_name == "swissroll");
    CHECK(s->iteration == 4);
    CHECK_FALSE(s->playing);
    fs::remove_all(root);
  }
}
