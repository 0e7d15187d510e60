#include "studio/ui/session_state.h"

#include "base/error.h"
#include "base/json_fields.h"

#include <cmath>
#include <cstdint>

namespace egeot::studio {
namespace {

constexpr const char* kFormat = "egeot-session/1";
constexpr double kCoordinateLimit = 1e6;

double finite(const nlohmann::json& v, const JsonFields& f, const std::string& key,
              const std::string& expected) {
  if (!v.is_number() || !std::isfinite(v.get<double>()) ||
      std::abs(v.get<double>()) > kCoordinateLimit) {
    f.fail(key, expected);
  }
  return v.get<double>();
}

}  // namespace

nlohmann::json ui_state_json(const UiState& ui, const viz::CanvasView& view) {
  nlohmann::json doc;
  doc["queries"] = nlohmann::json::array();
  for (const auto& q : ui.queries) doc["queries"].push_back({q[0], q[1]});
  doc["selected"] = ui.selected;
  nlohmann::json layers;
  for (const auto& info : kLayers) layers[info.key] = ui.layers[info.layer];
  doc["layers"] = layers;
  doc["landscape_mode"] = mode_key(ui.mode);
  doc["colormap"] = viz::colormap_name(ui.colormap);
  doc["contours"] = ui.contours;
  doc["heat_opacity"] = ui.heat_opacity;
  doc["point_size"] = ui.point_size;
  doc["heat_follows_view"] = ui.heat_follows_view;
  doc["panels_visible"] = ui.panels_visible;
  doc["view"] = {{"center", {view.center().x, view.center().y}},
                 {"pixels_per_unit", view.pixels_per_unit()}};
  return doc;
}

std::string session_json(const UiState& ui, const viz::CanvasView& view, const Snapshot& s) {
  nlohmann::json doc = ui_state_json(ui, view);
  doc["format"] = kFormat;
  doc["playing"] = s.playing;
  // For the reader; the model's own values are in checkpoint/config.json.
  doc["scene"] = s.scene_name;
  doc["iteration"] = s.iteration;
  doc["eps"] = s.settings.eps;
  return doc.dump(2) + "\n";
}

SessionUi parse_session(const nlohmann::json& doc, const std::string& origin) {
  if (!doc.is_object()) throw InputError(origin + ": expected a JSON object");
  const JsonFields f(doc, origin);
  if (f.string("format") != kFormat) f.fail("format", std::string("\"") + kFormat + "\"");
  SessionUi out;
  UiState& ui = out.ui;
  out.playing = f.boolean("playing");
  out.scene = f.string_or("scene", "");
  out.iteration = f.integer_or("iteration", 0, 0, INT64_MAX);

  const std::string point = "[x, y], finite numbers";
  const auto& queries = f.raw().contains("queries") ? f.raw().at("queries") : nlohmann::json();
  if (!queries.is_array() || queries.size() > 64)
    f.fail("queries", "an array of at most 64 points " + point);
  for (const auto& q : queries) {
    if (!q.is_array() || q.size() != 2) f.fail("queries", "an array of points " + point);
    ui.queries.push_back({finite(q[0], f, "queries", point), finite(q[1], f, "queries", point)});
  }
  ui.selected = int(f.integer("selected", -1, int64_t(ui.queries.size()) - 1));

  const JsonFields layers = f.child("layers");
  for (const auto& info : kLayers) {
    if (layers.has(info.key)) ui.layers[info.layer] = layers.boolean(info.key);
  }
  const std::string mode = f.string("landscape_mode");
  if (mode == "energy") {
    ui.mode = LandscapeMode::kEnergy;
  } else if (mode == "density") {
    ui.mode = LandscapeMode::kDensity;
  } else if (mode == "potential") {
    ui.mode = LandscapeMode::kPotential;
  } else {
    f.fail("landscape_mode", "one of energy, density, potential");
  }
  const std::string map = f.string("colormap");
  if (map == viz::colormap_name(viz::Colormap::kViridis)) {
    ui.colormap = viz::Colormap::kViridis;
  } else if (map == viz::colormap_name(viz::Colormap::kMagma)) {
    ui.colormap = viz::Colormap::kMagma;
  } else {
    f.fail("colormap", std::string("one of ") + viz::colormap_name(viz::Colormap::kViridis) + ", " +
                           viz::colormap_name(viz::Colormap::kMagma));
  }
  if (f.has("contours")) ui.contours = f.boolean("contours");
  ui.heat_opacity = float(f.number_or("heat_opacity", ui.heat_opacity, 0, 1));
  ui.point_size = float(f.number_or("point_size", ui.point_size, 1, 10));
  if (f.has("heat_follows_view")) ui.heat_follows_view = f.boolean("heat_follows_view");
  if (f.has("panels_visible")) ui.panels_visible = f.boolean("panels_visible");

  const JsonFields view = f.child("view");
  const auto& c = view.raw().contains("center") ? view.raw().at("center") : nlohmann::json();
  if (!c.is_array() || c.size() != 2) view.fail("center", point);
  out.center = {finite(c[0], view, "center", point), finite(c[1], view, "center", point)};
  out.pixels_per_unit = view.number("pixels_per_unit", 1e-6, 1e9);
  if (!(out.pixels_per_unit > 0)) view.fail("pixels_per_unit", "a number > 0");
  return out;
}

SessionUi read_session(const std::string& dir) {
  return parse_session(read_json_file(dir + "/session.json"), dir + "/session.json");
}

}  // namespace egeot::studio
