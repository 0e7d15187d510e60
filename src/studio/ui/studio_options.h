#pragma once
// egeot-studio's command-line flags.
#include "studio/protocol/command.h"
#include "studio/ui/session_state.h"

#include <string>
#include <vector>

namespace egeot::studio {

struct StudioOptions {
  std::string scene = "swissroll";
  double eps = 0;  // > 0 overrides the scene's
  std::string checkpoint;
  std::string watch;               // --watch RUN_DIR: a read-only view of a run training elsewhere
  std::string session;             // SESSION_DIR: opened at start (its checkpoint, UI state)
  SessionUi session_ui;            // read from it when given
  std::string save_session;        // --save-session: written at exit
  int64_t sync_steps = 0;    // > 0: --sync K, K training steps per frame, deterministic
  int64_t frames = 0;        // > 0: render this many frames, then exit
  std::string screenshot;    // written after the last frame
  std::string dump_state;    // written at exit
  int64_t bench_frames = 0;  // > 0: measure frame time and training rate, print, exit
  int width = 1280, height = 800;
  std::string heat = "energy";  // what the heat map shows: energy, density or potential
  std::string layers;           // --layers: toggles over the defaults, e.g. "-landscape,+sinkhorn"
  bool paused = false;
  bool vsync = true;
  std::vector<Point2> queries{{0.5, 0.5}};
  // Recording and presentation.
  std::string record;                // --record FILE.mp4|.gif: from the first frame
  std::string record_area = "window";  // or "canvas"
  float ui_scale = 1;                // over the monitor's content scale
  std::string theme = "dark";        // or "light"
  bool canvas_only = false;          // start in presentation mode
  // The kernel of the diagnostics and the conditional views (as the panel's combo).
  std::string sampler = "ula";  // ula, mala or hmc
  double sampler_step = 0;      // 0: the scene's sigma
  int leapfrog = 10;            // hmc
};

// Parses argv. Returns 0 to run, or an exit code (0 after --help, 2 after a bad flag, with
// the message printed). Semantic problems the studio can live with (an eps <= 0, say) are
// reported on stderr and replaced by defaults.
int parse_studio_options(int argc, char** argv, StudioOptions* options, bool* run);

}  // namespace egeot::studio
