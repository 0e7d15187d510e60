#pragma once
// The left panel: training transport (play, pause, step, reset), scene, hyper-parameters,
// layers and heat map, query points, checkpoints, screenshot, and the notices. Immediate
// mode: it reads the snapshot and UiState and sends commands; it owns no model.
#include "studio/protocol/snapshot.h"
#include "studio/ui/hit_regions.h"
#include "studio/ui/notice_log.h"
#include "studio/ui/ui_state.h"
#include "studio/worker/training_worker.h"

#include <functional>
#include <string>

namespace egeot::studio {

struct PanelActions {
  bool screenshot = false;
  bool reload_shaders = false;
  bool queries_changed = false;
  bool fit_view = false;
  std::string save_session, open_session;  // a directory when pressed
};

class ControlPanel {
 public:
  // Draws inside the current ImGui window; records where the eps slider went in `hits`.
  PanelActions draw(const Snapshot& snapshot, UiState& ui, HitRegions& hits, TrainingWorker& worker,
                    NoticeLog& log, double frame_ms);
  // Sections drawn right after "Scene" (the user's own data), set by the app.
  std::function<void()> after_scene;
  // Sections drawn above the notices (recording, presentation), set by the app.
  std::function<void()> before_notices;

 private:
  void settings_section(const Snapshot& s, TrainingWorker& worker, NoticeLog& log);
  void sync_draft(const Snapshot& s);
  TrainingSettings draft_, seen_;
  HitRect eps_slider_;
  bool have_seen_ = false;
  char widths_[128] = "";
  char scene_file_[512] = "";
  char checkpoint_dir_[512] = "runs/studio";
  char session_dir_[512] = "sessions/studio";
  char watch_dir_[512] = "";
};

}  // namespace egeot::studio
