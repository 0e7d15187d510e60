// The studio's own-data parts without GL: the scene directory "Train on drawn points" writes,
// and the brush's eraser.
#include "base/error.h"
#include "studio/ui/brush_tool.h"
#include "studio/ui/user_scene.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

using namespace egeot;
using namespace egeot::studio;
namespace fs = std::filesystem;

namespace {

std::string fresh_dir(const std::string& name) {
  const auto dir =
      fs::temp_directory_path() / ("egeot-user-scene-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  return dir.string();
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_SUITE("user_scene") {
  TEST_CASE("drawn points become a CSV beside a scene.json with the current settings") {
    const auto dir = fresh_dir("drawn");
    UserDistribution q{UserDistribution::Kind::kDrawn, {{0.5, -1.25}, {1, 2}, {-3, 0.125}}, ""};
    TrainingSettings t;
    t.eps = 0.05;
    t.widths = {64, 64};
    const auto path = write_user_scene(dir, {}, q, t);
    CHECK(path == dir + "/scene.json");
    CHECK(read_text(dir + "/q.csv") == "x,y\n0.5,-1.25\n1,2\n-3,0.125\n");
    const auto scene = nlohmann::json::parse(read_text(path));
    CHECK(scene["source"]["type"] == "gaussian");
    CHECK(scene["target"] ==
          nlohmann::json{{"type", "points"}, {"file", "q.csv"}, {"bandwidth", kDrawnBandwidth}});
    CHECK(scene["eps"] == 0.05);
    CHECK(scene["potential"]["widths"] == nlohmann::json{64, 64});
    CHECK(scene["name"] == "drawn");
    CHECK(scene["description"] == "P: N(0, I); Q: 3 drawn points");
    // Nothing but the scene: no temporaries beside it.
    CHECK(std::distance(fs::directory_iterator(fs::path(dir).parent_path()), {}) >= 1);
    for (const auto& e : fs::directory_iterator(fs::path(dir).parent_path())) {
      CHECK(e.path().filename().string().find(".tmp-") == std::string::npos);
    }
  }

  TEST_CASE("a chosen file is copied beside the scene under its kind") {
    const auto dir = fresh_dir("file");
    fs::create_directories(dir + "-src");
    std::ofstream(dir + "-src/logo.PNG") << "bytes";
    UserDistribution p{UserDistribution::Kind::kFile, {}, dir + "-src/logo.PNG"};
    UserDistribution q{UserDistribution::Kind::kDrawn, {{0, 0}, {1, 1}}, ""};
    write_user_scene(dir, p, q, {});
    const auto scene = nlohmann::json::parse(read_text(dir + "/scene.json"));
    CHECK(scene["source"] == nlohmann::json{{"type", "density-image"}, {"file", "p.png"}});
    CHECK(read_text(dir + "/p.png") == "bytes");
  }

  TEST_CASE("refusals name the side or the file, and leave nothing behind") {
    const auto dir = fresh_dir("bad");
    UserDistribution one{UserDistribution::Kind::kDrawn, {{0, 0}}, ""};
    CHECK(error_of([&] { write_user_scene(dir, {}, one, {}); }) ==
          "Q: draw at least 2 points (has 1)");
    CHECK_FALSE(fs::exists(dir));
    UserDistribution text{UserDistribution::Kind::kFile, {}, "/tmp/points.txt"};
    CHECK(error_of([&] { write_user_scene(dir, text, {}, {}); }) ==
          "/tmp/points.txt: expected a .csv of points or a grayscale .png density");
    UserDistribution gone{UserDistribution::Kind::kFile, {}, dir + "/none.csv"};
    CHECK(error_of([&] { write_user_scene(dir, gone, {}, {}); }) ==
          dir + "/none.csv: no such file");
    CHECK(error_of([&] { write_user_scene(dir, {}, {}, {}); }) ==
          "draw points or choose a file for P or Q first");
    CHECK_FALSE(fs::exists(dir));
    // An existing, non-empty directory is never overwritten.
    fs::create_directories(dir);
    std::ofstream(dir + "/keep.txt") << "mine";
    UserDistribution two{UserDistribution::Kind::kDrawn, {{0, 0}, {1, 1}}, ""};
    CHECK(error_of([&] {
            write_user_scene(dir, {}, two, {});
          }).find("already exists and is not empty") != std::string::npos);
    CHECK(read_text(dir + "/keep.txt") == "mine");
  }

  TEST_CASE("the eraser removes one side's points within its radius") {
    BrushTool brush;
    brush.points(BrushSide::kQ) = {{0, 0}, {0.5, 0}, {2, 0}};
    brush.points(BrushSide::kP) = {{0, 0}};
    CHECK(brush.erase(BrushSide::kQ, {0.1, 0}, 0.45) == 2);
    CHECK(brush.points(BrushSide::kQ) == std::vector<Point2>{{2, 0}});
    CHECK(brush.points(BrushSide::kP).size() == 1);
  }
}
