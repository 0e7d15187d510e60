// session.json, the UI's half of a session: what the UI wrote comes back the same, and a
// damaged or foreign file is refused with one line naming the file and the field.
#include <doctest/doctest.h>

#include "base/error.h"
#include "studio/ui/session_state.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <functional>

using namespace egeot;
using namespace egeot::studio;

namespace {

std::string refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

Snapshot paused_at(int64_t iteration) {
  Snapshot s;
  s.playing = false;
  s.iteration = iteration;
  s.scene_name = "moons";
  s.settings.eps = 0.05;
  return s;
}

}  // namespace

TEST_SUITE("session_state") {
  TEST_CASE("what the UI set comes back from session.json unchanged") {
    UiState ui;
    ui.queries = {{0.25, -1.5}, {1.0 / 3.0, 2e-7}};
    ui.selected = 1;
    ui.layers[Layer::kPaths] = false;
    ui.layers[Layer::kTruthSinkhorn] = false;
    ui.mode = LandscapeMode::kDensity;
    ui.colormap = viz::Colormap::kMagma;
    ui.contours = false;
    ui.heat_opacity = 0.625f;
    ui.point_size = 6.5f;
    ui.heat_follows_view = false;
    viz::CanvasView view;
    view.set({0.1 + 0.2, -3.0 / 7.0}, 123.456789);  // values that need every digit

    const std::string text = session_json(ui, view, paused_at(42));
    const SessionUi back = parse_session(nlohmann::json::parse(text), "s/session.json");
    CHECK(back.ui.queries == ui.queries);
    CHECK(back.ui.selected == 1);
    for (const auto& info : kLayers) CHECK(back.ui.layers[info.layer] == ui.layers[info.layer]);
    CHECK(back.ui.mode == LandscapeMode::kDensity);
    CHECK(back.ui.colormap == viz::Colormap::kMagma);
    CHECK_FALSE(back.ui.contours);
    CHECK(back.ui.heat_opacity == 0.625f);
    CHECK(back.ui.point_size == 6.5f);
    CHECK_FALSE(back.ui.heat_follows_view);
    CHECK(back.center.x == view.center().x);  // exact: the view is restored to the pixel
    CHECK(back.center.y == view.center().y);
    CHECK(back.pixels_per_unit == view.pixels_per_unit());
    CHECK_FALSE(back.playing);
    CHECK(back.iteration == 42);
    CHECK(back.scene == "moons");
  }

  TEST_CASE("bad session files: one line naming the file and the field") {
    UiState ui;
    ui.queries = {{0.5, 0.5}};
    ui.selected = 0;
    const auto good = nlohmann::json::parse(session_json(ui, viz::CanvasView(), paused_at(3)));
    auto broken = [&](const std::function<void(nlohmann::json&)>& edit) {
      nlohmann::json doc = good;
      edit(doc);
      return refusal([&] { parse_session(doc, "s/session.json"); });
    };
    CHECK(refusal([&] { parse_session(good, "s/session.json"); }) == "(no error)");
    CHECK(broken([](auto& d) { d["format"] = "egeot-session/9"; }) ==
          "s/session.json: field 'format': expected \"egeot-session/1\", got \"egeot-session/9\"");
    CHECK(broken([](auto& d) { d.erase("playing"); }).find("field 'playing'") != std::string::npos);
    CHECK(broken([](auto& d) {
            d["view"]["center"] = {0, "x"};
          }).find("s/session.json: field 'view.center': expected [x, y]") != std::string::npos);
    CHECK(broken([](auto& d) {
            d["view"]["pixels_per_unit"] = -4;
          }).find("field 'view.pixels_per_unit'") != std::string::npos);
    CHECK(broken([](auto& d) {
            d["queries"] = {{1, 2, 3}};
          }).find("field 'queries'") != std::string::npos);
    CHECK(broken([](auto& d) {
            d["queries"] = {{1, 1e300}};
          }).find("field 'queries'") != std::string::npos);
    CHECK(broken([](auto& d) { d["selected"] = 4; }).find("field 'selected'") != std::string::npos);
    CHECK(broken([](auto& d) {
            d["colormap"] = "jet";
          }).find("field 'colormap': expected one of viridis, magma") != std::string::npos);
    CHECK(broken([](auto& d) { d["landscape_mode"] = 3; }).find("field 'landscape_mode'") !=
          std::string::npos);
    CHECK(broken([](auto& d) { d["layers"]["paths"] = "yes"; }).find("field 'layers.paths'") !=
          std::string::npos);
    CHECK(refusal([&] { parse_session(nlohmann::json::array(), "s/session.json"); }) ==
          "s/session.json: expected a JSON object");
  }

  TEST_CASE("a missing or unparsable session.json is named") {
    std::string dir = (std::filesystem::temp_directory_path() / "egeot-session-ui-XXXXXX").string();
    REQUIRE(::mkdtemp(dir.data()) != nullptr);
    CHECK(refusal([&] { read_session(dir); }).find(dir + "/session.json") != std::string::npos);
    std::ofstream(dir + "/session.json") << "{\"format\": ";
    CHECK(refusal([&] { read_session(dir); }).find(dir + "/session.json") != std::string::npos);
    std::filesystem::remove_all(dir);
  }
}
