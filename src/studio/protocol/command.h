#pragma once
// What the UI asks of the trainer thread. Commands queue up and are applied between
// training steps, in order; the UI never touches the model itself.
#include "studio/protocol/training_settings.h"

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace egeot::studio {

using Point2 = std::array<double, 2>;

namespace cmd {
struct SetPlaying {
  bool playing = true;
};
struct Step {
  int64_t count = 1;
};                // train this many steps, then pause
struct Reset {};  // fresh network with the current settings
struct Apply {
  TrainingSettings settings;
};  // warm start where the network allows
struct LoadScene {
  std::string name_or_file;
  // A directory the studio wrote for this scene just now (your data): removed when the scene
  // is refused, so a bad file leaves nothing behind.
  std::string written_dir;
};
struct SaveCheckpoint {
  std::string dir;
};
struct LoadCheckpoint {
  std::string dir;
};
struct SetQueries {
  std::vector<Point2> points;
  int selected = -1;
};
struct SetRegion {
  double x0 = -2.5, y0 = -2.5, x1 = 2.5, y1 = 2.5;
};  // heat map window
struct Tick {
  int64_t steps = 1;
  uint64_t id = 0;
};  // --sync: steps, refresh, publish
// Image mode: translate held-out source image `index`; show gallery page `page`.
struct SelectImage {
  int64_t index = 0;
};
struct SetImagePage {
  int page = 0;
};
// After a divergence (the last good state is already back): keep it, paused, and drop the
// banner; or apply the banner's suggested setting and train on.
struct KeepLastGood {};
struct ApplySuggestion {};
// Sessions: the model's part (scene, checkpoint) beside the UI's session.json text.
struct SaveSession {
  std::string dir;
  std::string session_json;
};
struct OpenSession {
  std::string dir;
  bool playing = false;  // the state the session was saved in
};
// Sampler diagnostics for the selected query (diagnostics_view.h): on or off, and the kernel
// they run (step 0: the scene's sigma).
struct SetDiagnostics {
  bool enabled = false;
  std::string kind = "ula";
  double step = 0;
  int64_t leapfrog = 10;
  bool operator==(const SetDiagnostics& o) const {
    return enabled == o.enabled && kind == o.kind && step == o.step && leapfrog == o.leapfrog;
  }
};
// Watch mode: show the newest checkpoint of this run directory as it trains elsewhere,
// read-only; "" stops watching (the model shown stays, to explore or train).
struct WatchRun {
  std::string dir;
};
}  // namespace cmd

using Command = std::variant<cmd::SetPlaying, cmd::Step, cmd::Reset, cmd::Apply, cmd::LoadScene,
                             cmd::SaveCheckpoint, cmd::LoadCheckpoint, cmd::SetQueries,
                             cmd::SetRegion, cmd::Tick, cmd::SelectImage, cmd::SetImagePage,
                             cmd::KeepLastGood, cmd::ApplySuggestion, cmd::SaveSession,
                             cmd::OpenSession, cmd::SetDiagnostics, cmd::WatchRun>;

// What the trainer thread tells the user (a saved checkpoint, a refused file).
struct Notice {
  enum class Level { kInfo, kError } level = Level::kInfo;
  std::string text;
};

}  // namespace egeot::studio
