#include "studio/state_dump.h"

#include "core/atomic_file.h"

#include <nlohmann/json.hpp>

namespace egeot::studio {

std::string state_json(const Snapshot* s, const UiState& ui, const viz::CanvasView& view,
                       const DumpExtras& extras) {
  nlohmann::json doc;
  if (s) {
    doc["iteration"] = s->iteration;
    doc["eps"] = s->settings.eps;
    doc["scene"] = s->scene_name;
    doc["playing"] = s->playing;
    doc["iterations_per_second"] = s->iterations_per_second;
    doc["settings"] = {{"widths", s->settings.widths},
                       {"batch", s->settings.batch},
                       {"langevin_steps", s->settings.langevin_steps},
                       {"noise", s->settings.noise},
                       {"score_coef", s->settings.score_coef},
                       {"replay_probability", s->settings.replay_probability},
                       {"lr", s->settings.lr},
                       {"seed", s->settings.seed}};
  }
  doc["queries"] = nlohmann::json::array();
  for (const auto& q : ui.queries) doc["queries"].push_back({q[0], q[1]});
  doc["selected"] = ui.selected;
  nlohmann::json layers;
  for (const auto& info : kLayers) layers[info.key] = ui.layers[info.layer];
  doc["layers"] = layers;
  doc["landscape_mode"] = mode_key(ui.mode);
  doc["colormap"] = viz::colormap_name(ui.colormap);
  doc["panels_visible"] = ui.panels_visible;
  const auto& r = view.viewport();
  doc["view"] = {{"center", {view.center().x, view.center().y}},
                 {"pixels_per_unit", view.pixels_per_unit()},
                 {"viewport", {r.x0, r.y0, r.x1, r.y1}},
                 {"framebuffer_scale", extras.framebuffer_scale},
                 {"window", {extras.window_width, extras.window_height}}};
  doc["frames"] = extras.frames;
  return doc.dump(2) + "\n";
}

std::string write_state_dump(const std::string& path, const Snapshot* s, const UiState& ui,
                             const viz::CanvasView& view, const DumpExtras& extras) {
  try {
    write_text_atomically(path, state_json(s, ui, view, extras));
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

}  // namespace egeot::studio
