#pragma once
// The studio's frame loop (instant-ngp's shape: main is `while (app.frame()) {}`). Each
// frame polls input, takes the trainer's latest snapshot (or, with --sync, runs one tick),
// builds the panels, draws the canvas and swaps; it does a bounded amount of work and
// sleeps to the frame period, so the UI stays at display rate whatever training does.
#include "studio/ui/canvas_input.h"
#include "studio/ui/canvas_renderer.h"
#include "studio/ui/control_panel.h"
#include "studio/ui/brush_tool.h"
#include "studio/ui/data_panel.h"
#include "studio/ui/diagnostics_panel.h"
#include "studio/ui/frame_phases.h"
#include "studio/ui/hit_regions.h"
#include "studio/ui/image_panel.h"
#include "studio/ui/notice_log.h"
#include "studio/ui/plots_panel.h"
#include "studio/ui/presentation_panel.h"
#include "studio/ui/record_panel.h"
#include "studio/ui/screen_recording.h"
#include "studio/ui/studio_options.h"
#include "studio/ui/ui_state.h"
#include "studio/worker/training_worker.h"
#include "viz/imgui/app_window.h"
#include "viz/plot/canvas_view.h"

#include <chrono>
#include <memory>
#include <optional>

namespace egeot::studio {

class StudioApp {
 public:
  explicit StudioApp(StudioOptions options);
  ~StudioApp();
  // Opens the window and starts the trainer; false (reason on stderr) without a window.
  bool start();
  // One frame; false once the studio should exit (the final frame has been drawn).
  bool frame();
  // Writes --dump-state, prints --bench-frames results; the process exit code.
  int finish();

 private:
  using Clock = std::chrono::steady_clock;
  // The window's size this frame: window and framebuffer pixels, their ratio, the UI scale.
  struct FrameSize {
    int win_w = 0, win_h = 0, fb_w = 0, fb_h = 0;
    float fb_scale = 1, scale = 1;
  };
  // The steps of frame(), in order.
  bool should_draw(bool final_frame);  // false: nothing changed, the frame slept instead
  void take_snapshot();
  bool follow_viewport_and_scene();  // true: the view changed
  bool draw_panels(const FrameSize& size);
  void draw_main_area(bool image_mode, bool view_changed, float scale);
  void render(const FrameSize& size, bool image_mode, bool final_frame);
  void hotkeys();
  void layout(int win_w, int win_h);
  void send_queries();
  void update_region(bool view_changed);
  void take_screenshot(const std::string& path, bool from_flag);
  std::string next_screenshot_name() const;
  void bench_progress();
  void apply_look();  // the theme and UI scale, when they changed
  float ui_scale() const { return window_->content_scale() * look_.ui_scale; }
  // Sessions: save (the worker writes the model's half), open, and what an opened one sets.
  bool save_session(const std::string& dir);  // false: nothing to save (logged)
  void open_session(const std::string& dir);
  void take_opened_session();
  void report_start_failure();

  StudioOptions options_;
  std::unique_ptr<viz::AppWindow> window_;
  std::unique_ptr<TrainingWorker> worker_;
  std::shared_ptr<const Snapshot> snapshot_;
  CanvasRenderer renderer_;
  CanvasInput input_;
  ControlPanel panel_;
  DiagnosticsPanel diagnostics_panel_;
  BrushTool brush_;  // the user's own points, drawn on the canvas
  DataPanel data_panel_;
  ImagePanel image_panel_;  // image scenes: in place of the canvas
  // Recording (--record, F9) and presentation (theme, UI scale, P, F1).
  ScreenRecording recording_;
  RecordPanel record_panel_;
  PresentationPanel presentation_panel_;
  Look look_, applied_look_;  // chosen, and last given to ImGui
  bool resize_panels_ = false, help_visible_ = false;
  std::string title_ = "egeot studio";
  FrameTimes frame_times_;
  NoticeLog log_;
  UiState ui_;
  HitRegions hits_;  // where panels drew what tests click; for --dump-state only
  viz::CanvasView view_;

  int64_t frames_ = 0;
  uint64_t fitted_generation_ = ~0ull;
  bool region_pending_ = false;
  Clock::time_point region_changed_{}, next_frame_{};
  float left_width_ = 0, right_width_ = 0;
  viz::Rect last_viewport_;
  bool screenshot_requested_ = false;
  bool mouse_moved_ = false;
  int settle_frames_ = 0;
  uint64_t drawn_version_ = 0;
  int exit_code_ = 0;
  std::optional<SessionUi> opening_;           // applied once the worker opened the session
  uint64_t opening_after_ = 0;                 // its sessions_opened count when requested
  std::optional<std::pair<viz::Vec2, double>> pending_view_;  // centre, zoom for the new model
  // --bench-frames
  std::vector<float> bench_ms_;
  FramePhases phases_;
  int64_t bench_iteration0_ = -1;
  Clock::time_point bench_t0_{};
  double bench_cpu0_ = 0, bench_trainer_cpu0_ = 0;  // process and trainer CPU seconds
};

}  // namespace egeot::studio
