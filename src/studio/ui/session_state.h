#pragma once
// A studio session on disk, the UI's half: session.json holds what the user set up in the
// UI (query points, layer toggles, heat map mode, colour map, the view's centre and zoom,
// playing or paused); the model's half (scene.json, checkpoint/) is the trainer thread's
// (worker/session_writer.h). The same UI fields are in --dump-state.
#include "studio/protocol/snapshot.h"
#include "studio/ui/ui_state.h"
#include "viz/plot/canvas_view.h"

#include <nlohmann/json.hpp>

#include <string>

namespace egeot::studio {

struct SessionUi {
  UiState ui;
  viz::Vec2 center{0, 0};
  double pixels_per_unit = 100;
  bool playing = false;
  std::string scene;  // for messages: the scene the session was saved on
  int64_t iteration = 0;
};

// The UI's fields (queries, selected, layers, landscape_mode, colormap, contours,
// heat_opacity, point_size, heat_follows_view, panels_visible, view.center,
// view.pixels_per_unit).
nlohmann::json ui_state_json(const UiState& ui, const viz::CanvasView& view);
// session.json's text for the running studio.
std::string session_json(const UiState& ui, const viz::CanvasView& view, const Snapshot& snapshot);
// Reads DIR/session.json; throws InputError naming the file and field on anything missing or
// malformed.
SessionUi read_session(const std::string& dir);
SessionUi parse_session(const nlohmann::json& doc, const std::string& origin);

}  // namespace egeot::studio
