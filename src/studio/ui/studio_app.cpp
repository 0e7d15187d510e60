#include "studio/ui/studio_app.h"

#include "studio/protocol/palette.h"
#include "studio/ui/canvas_overlay.h"
#include "studio/ui/divergence_banner.h"
#include "studio/ui/help_overlay.h"
#include "studio/ui/presentation_overlay.h"
#include "studio/ui/fit_progress_view.h"
#include "studio/ui/session_state.h"
#include "studio/ui/state_dump.h"
#include "studio/ui/watch_banner.h"
#include "viz/gl/gl.h"
#include "viz/gl/screenshot.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace egeot::studio {
namespace {

constexpr double kFramePeriod = 1.0 / 60;  // the UI's pace when the display does not set it
constexpr double kRegionDelay = 0.12;      // s of a still view before the heat map follows it
// --bench-frames measures from this frame on, or later while the Sinkhorn reference is still
// being solved (its thread's CPU would count as the UI's), but no later than kBenchWaitMax.
constexpr int64_t kBenchWarmup = 60, kBenchWaitMax = 1800;
constexpr float kPanelWidth = 340, kPlotsWidth = 300;
constexpr int kSettleFrames = 3;  // frames drawn after an input event

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

}  // namespace

StudioApp::StudioApp(StudioOptions options) : options_(std::move(options)) {
  panel_.after_scene = [this] { data_panel_.draw(*snapshot_, brush_, *worker_, log_, hits_); };
  ui_.queries = options_.queries;
  ui_.selected = ui_.queries.empty() ? -1 : 0;
  ui_.mode = options_.heat == "density"     ? LandscapeMode::kDensity
             : options_.heat == "potential" ? LandscapeMode::kPotential
                                            : LandscapeMode::kEnergy;
  if (!options_.session.empty()) {  // the session's UI state; its queries are options_.queries
    ui_ = options_.session_ui.ui;
    ui_.queries = options_.queries;
    ui_.selected = std::min<int>(ui_.selected, int(ui_.queries.size()) - 1);
    pending_view_.emplace(options_.session_ui.center, options_.session_ui.pixels_per_unit);
  }
  ui_.layers.apply(options_.layers);  // unknown keys were reported while parsing
  const auto area = options_.record_area == "canvas" ? RecordArea::kCanvas : RecordArea::kWindow;
  record_panel_ = RecordPanel(area);
  look_ = {options_.ui_scale, options_.theme == "light"};
  applied_look_ = {1, false};  // what AppWindow starts with
  if (options_.canvas_only) {
    ui_.canvas_only = true;
    ui_.panels_visible = false;
  }
  panel_.before_notices = [this] {
    record_panel_.draw(recording_, log_);
    presentation_panel_.draw(look_, ui_, &help_visible_);
  };
}

StudioApp::~StudioApp() {
  worker_.reset();  // joins the trainer thread before the GL context goes
}

bool StudioApp::start() {
  std::string error;
  viz::WindowOptions w;
  w.title = "egeot studio";
  w.width = options_.width;
  w.height = options_.height;
  // Tests and benchmarks pace themselves; a display's refresh would only slow --sync runs.
  w.vsync = options_.vsync && options_.sync_steps == 0 && options_.bench_frames == 0;
  window_ = viz::AppWindow::create(w, &error);
  if (!window_) {
    std::fprintf(stderr, "egeot-studio: error: %s\n", error.c_str());
    return false;
  }
  if (const std::string shader_error = renderer_.load_shaders(); !shader_error.empty()) {
    log_.error(shader_error);
  }
  WorkerOptions wo;
  wo.scene = options_.scene;
  wo.eps = options_.eps;
  wo.checkpoint = options_.checkpoint;
  wo.watch = options_.watch;
  wo.checkpoint_required = !options_.session.empty();
  wo.sync = options_.sync_steps > 0;
  wo.playing = !options_.paused;
  wo.queries = ui_.queries;
  wo.selected = ui_.selected;
  wo.on_publish = [] { glfwPostEmptyEvent(); };  // thread-safe: wakes the idle UI loop
  worker_ = std::make_unique<TrainingWorker>(wo);
  diagnostics_panel_.choose(options_.sampler, options_.sampler_step, options_.leapfrog,
                            ui_.layers[Layer::kDiagnosticChains], *worker_);
  if (!options_.record.empty()) {  // with --frames: every frame, waiting for the encoder
    const auto area = options_.record_area == "canvas" ? RecordArea::kCanvas : RecordArea::kWindow;
    recording_.request(options_.record, area, /*scripted=*/options_.frames > 0, log_);
  }
  return true;
}

void StudioApp::hotkeys() {
  // Read every press (ImGui 1.86 can miss a tap shorter than a frame), but leave keys to a
  // text field that has focus.
  const bool typing = ImGui::GetIO().WantCaptureKeyboard;
  for (const auto& press : window_->take_key_presses()) {
    const bool ctrl = press.mods & GLFW_MOD_CONTROL;
    if (ctrl && press.key == GLFW_KEY_Q) window_->request_close();
    if (press.key == GLFW_KEY_F11) window_->toggle_fullscreen();
    if (press.key == GLFW_KEY_F12) screenshot_requested_ = true;
    if (press.key == GLFW_KEY_F9) record_panel_.toggle(recording_, log_);
    PresentationPanel::key(press.key, press.mods, typing, look_, ui_, &help_visible_);
    if (typing) continue;
    if (press.key == GLFW_KEY_TAB) {
      ui_.panels_visible = !ui_.panels_visible;
      ui_.canvas_only = false;
    }
    if (press.key == GLFW_KEY_SPACE && snapshot_)
      worker_->send(cmd::SetPlaying{!snapshot_->playing});
  }
}

void StudioApp::layout(int win_w, int win_h) {
  const float scale = ui_scale();
  const float left = ui_.panels_visible ? (left_width_ > 0 ? left_width_ : kPanelWidth * scale) : 0;
  const float right =
      ui_.panels_visible ? (right_width_ > 0 ? right_width_ : kPlotsWidth * scale) : 0;
  view_.set_viewport({left, 0, std::max<double>(left + 50, win_w - right), double(win_h)});
}

void StudioApp::send_queries() {
  worker_->send(cmd::SetQueries{ui_.queries, ui_.selected});
}

void StudioApp::update_region(bool view_changed) {
  if (view_changed) {
    region_pending_ = true;
    region_changed_ = Clock::now();
  }
  if (!region_pending_ || input_.dragging() || !ui_.heat_follows_view) return;
  if (std::chrono::duration<double>(Clock::now() - region_changed_).count() < kRegionDelay &&
      options_.sync_steps == 0) {
    return;
  }
  const viz::Rect w = view_.visible_world();
  worker_->send(cmd::SetRegion{w.x0, w.y0, w.x1, w.y1});
  region_pending_ = false;
}

std::string StudioApp::next_screenshot_name() const {
  namespace fs = std::filesystem;
  const std::string scene = snapshot_ ? snapshot_->scene_name : "egeot";
  const std::string base =
      "screenshots/egeot-" + scene + "-" + std::to_string(snapshot_ ? snapshot_->iteration : 0);
  std::string path = base + ".png";
  for (int k = 2; fs::exists(path); ++k) path = base + "-" + std::to_string(k) + ".png";
  return path;
}

void StudioApp::take_screenshot(const std::string& path, bool from_flag) {
  int fb_w = 0, fb_h = 0;
  window_->framebuffer_size(&fb_w, &fb_h);
  glReadBuffer(GL_BACK);
  const std::string error = viz::write_png(viz::read_framebuffer(fb_w, fb_h), path);
  if (error.empty()) {
    log_.info("screenshot written to " + path);
  } else {
    log_.error((from_flag ? "--screenshot: " : "screenshot: ") + error);
    if (from_flag) exit_code_ = 2;
  }
}

void StudioApp::bench_progress() {
  if (options_.bench_frames <= 0 || !snapshot_ || bench_iteration0_ >= 0) return;
  if (frames_ >= kBenchWaitMax ||
      (frames_ >= kBenchWarmup && snapshot_->sinkhorn.state != SinkhornInfo::State::kSolving)) {
    bench_iteration0_ = snapshot_->iteration;
    bench_t0_ = Clock::now();
    bench_cpu0_ = process_cpu_seconds();
    bench_trainer_cpu0_ = worker_->cpu_seconds();
  }
}

bool StudioApp::frame() {
  const bool final_frame = window_->should_close() ||
                           (options_.frames > 0 && frames_ + 1 >= options_.frames) ||
                           (options_.bench_frames > 0 && bench_iteration0_ >= 0 &&
                            int64_t(bench_ms_.size()) + 1 >= options_.bench_frames);
  if (!should_draw(final_frame)) return true;
  const auto t0 = Clock::now();
  phases_.begin(t0);
  take_snapshot();
  phases_.mark(FramePhase::kSnapshot);

  apply_look();
  window_->begin_frame();
  hotkeys();
  FrameSize size;
  window_->window_size(&size.win_w, &size.win_h);
  window_->framebuffer_size(&size.fb_w, &size.fb_h);
  size.fb_scale = size.win_w > 0 ? float(size.fb_w) / size.win_w : 1.0f;
  size.scale = ui_scale();
  layout(size.win_w, size.win_h);
  // Image scenes show the gallery and translations instead of the 2D canvas.
  const bool image_mode = snapshot_ && snapshot_->images;
  bool view_changed = follow_viewport_and_scene();
  if (snapshot_ && !image_mode && brush_.active()) {  // the brush has the canvas's mouse
    bool drawn = false;
    view_changed |= brush_.handle(view_, size.scale, &drawn);
  } else if (snapshot_ && !image_mode) {
    const bool shift = window_->mouse_press_mods(GLFW_MOUSE_BUTTON_LEFT) & GLFW_MOD_SHIFT;
    const auto input = input_.handle(view_, ui_, 10 * size.scale, shift);
    if (input.queries_changed) send_queries();
    view_changed |= input.view_changed;
  }
  // While the first scene's generator is fitted there is no model for the panels to show.
  const bool starting = snapshot_ && snapshot_->fit && snapshot_->scene_name.empty();
  if (ui_.panels_visible && snapshot_ && !starting) view_changed |= draw_panels(size);
  draw_main_area(image_mode, view_changed, size.scale);
  if (ui_.canvas_only) draw_presentation_overlay(snapshot_.get(), view_.viewport(), window_->large_font());
  draw_help_overlay(&help_visible_);
  phases_.mark(FramePhase::kInterface);

  render(size, image_mode, final_frame);
  const float ms = std::chrono::duration<float, std::milli>(Clock::now() - t0).count();
  frame_times_.add(ms);
  if (options_.bench_frames > 0 && bench_iteration0_ >= 0) {
    bench_ms_.push_back(ms);
    phases_.keep();
  }
  bench_progress();
  recording_.poll(log_);
  if (auto title = RecordPanel::window_title(recording_.status()); title != title_) {
    glfwSetWindowTitle(window_->handle(), title.c_str());
    title_ = std::move(title);
  }
  ++frames_;
  return !final_frame;
}

bool StudioApp::should_draw(bool final_frame) {
  // Redraw only when something changed: input (and a few frames after it, for ImGui to
  // settle), a new snapshot, or the last frame. Otherwise sleep until an event; the trainer
  // wakes us when it publishes.
  const bool sync = options_.sync_steps > 0;
  glfwPollEvents();
  if (window_->take_events()) settle_frames_ = kSettleFrames;
  // A scripted run (--frames) draws every frame, so it ends even when nothing changes
  // (a paused model whose views are complete publishes nothing).
  const bool fresh = sync || options_.frames > 0 || worker_->version() != drawn_version_ ||
                     recording_.busy();  // recording samples the screen by the clock
  if (!final_frame && !fresh && settle_frames_ == 0) {
    glfwWaitEventsTimeout(0.25);
    return false;
  }
  if (settle_frames_ > 0) --settle_frames_;
  if (window_->minimized() && !final_frame) {
    glfwWaitEventsTimeout(0.1);
    return false;
  }
  // Pace to the frame period (a no-op when vsync already made the last swap wait).
  if (!sync) {
    std::this_thread::sleep_until(next_frame_);
    next_frame_ = Clock::now() + std::chrono::microseconds(int64_t(kFramePeriod * 1e6));
  }
  return true;
}

void StudioApp::take_snapshot() {
  if (options_.sync_steps > 0) {
    if (!snapshot_) snapshot_ = worker_->wait_first(120);
    if (auto s = worker_->tick(options_.sync_steps)) {
      snapshot_ = s;
    } else {
      log_.error("the trainer thread did not answer a --sync tick within 120 s");
    }
  } else {
    drawn_version_ = worker_->version();
    snapshot_ = worker_->latest();
  }
  for (const auto& n : worker_->take_notices()) log_.add(n);
  take_opened_session();
  report_start_failure();
}

void StudioApp::report_start_failure() {
  // The worker's notice saying why came before the flag, and the log printed it on stderr.
  if (!worker_->start_failed() || exit_code_ != 0) return;
  exit_code_ = 2;
  window_->request_close();
}

bool StudioApp::save_session(const std::string& dir) {
  if (!snapshot_ || snapshot_->scene_name.empty()) {
    log_.error("save session: no model is loaded");
    return false;
  }
  worker_->send(cmd::SaveSession{dir, session_json(ui_, view_, *snapshot_)});
  return true;
}

void StudioApp::open_session(const std::string& dir) {
  try {
    SessionUi session = read_session(dir);
    worker_->send(cmd::OpenSession{dir, session.playing});
    opening_after_ = snapshot_ ? snapshot_->sessions_opened : 0;
    opening_ = std::move(session);
  } catch (const std::exception& e) {  // the studio keeps what it had
    log_.error("open session: " + std::string(e.what()));
  }
}

void StudioApp::take_opened_session() {
  if (!opening_ || !snapshot_ || snapshot_->sessions_opened <= opening_after_) return;
  ui_ = opening_->ui;
  pending_view_.emplace(opening_->center, opening_->pixels_per_unit);
  opening_.reset();
  send_queries();
}

bool StudioApp::follow_viewport_and_scene() {
  // A resized window or shown/hidden panels change what the heat map must cover.
  const viz::Rect& vp = view_.viewport();
  bool changed = vp.x0 != last_viewport_.x0 || vp.x1 != last_viewport_.x1 ||
                 vp.y0 != last_viewport_.y0 || vp.y1 != last_viewport_.y1;
  last_viewport_ = vp;
  if (pending_view_ && snapshot_ && !snapshot_->scene_name.empty()) {  // a session's view
    view_.set(pending_view_->first, pending_view_->second);
    fitted_generation_ = snapshot_->generation;
    pending_view_.reset();
    changed = true;
  }
  if (snapshot_ && snapshot_->generation != fitted_generation_ &&
      snapshot_->scene_bounds.width() > 0) {
    view_.fit(snapshot_->scene_bounds);
    fitted_generation_ = snapshot_->generation;
    changed = true;
  }
  return changed;
}

bool StudioApp::draw_panels(const FrameSize& size) {
  bool view_changed = false;
  const float scale = size.scale;
  const float win_w = float(size.win_w), win_h = float(size.win_h);
  // No window background: the panels sit on the cleared framebuffer, which saves blending
  // a third of the screen every frame (it matters on software GL).
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBackground;
  ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(kPanelWidth * scale, win_h), resize_panels_ ? ImGuiCond_Always : ImGuiCond_Once);
  ImGui::SetNextWindowSizeConstraints(ImVec2(200 * scale, win_h), ImVec2(win_w * 0.5f, win_h));
  ImGui::Begin("egeot", nullptr, flags);
  const auto actions = panel_.draw(*snapshot_, ui_, hits_, *worker_, log_,
                                   frame_times_.ms().empty() ? 0 : frame_times_.ms().back());
  left_width_ = ImGui::GetWindowWidth();
  ImGui::End();
  if (actions.queries_changed) send_queries();
  if (actions.screenshot) screenshot_requested_ = true;
  if (actions.fit_view && snapshot_->scene_bounds.width() > 0) {
    view_.fit(snapshot_->scene_bounds);
    view_changed = true;
  }
  if (!actions.save_session.empty()) save_session(actions.save_session);
  if (!actions.open_session.empty()) open_session(actions.open_session);
  if (actions.reload_shaders) {
    const std::string error = renderer_.load_shaders();
    error.empty() ? log_.info("shaders reloaded") : log_.error(error);
  }
  ImGui::SetNextWindowPos(ImVec2(win_w, 0), ImGuiCond_Always, ImVec2(1, 0));
  ImGui::SetNextWindowSize(ImVec2(kPlotsWidth * scale, win_h), resize_panels_ ? ImGuiCond_Always : ImGuiCond_Once);
  ImGui::SetNextWindowSizeConstraints(ImVec2(160 * scale, win_h), ImVec2(win_w * 0.5f, win_h));
  ImGui::Begin("plots", nullptr, flags);
  {
    const DarkGroundText dark(look_.light);  // the plots keep the dark ground
    draw_plots(*snapshot_, frame_times_);
    diagnostics_panel_.draw(*snapshot_, ui_, *worker_);
  }
  right_width_ = ImGui::GetWindowWidth();
  resize_panels_ = false;
  ImGui::End();
  return view_changed;
}

void StudioApp::draw_main_area(bool image_mode, bool view_changed, float scale) {
  // No read-out under a pointer that never moved (the first frames, screenshots from flags).
  const ImVec2 delta = ImGui::GetIO().MouseDelta;
  mouse_moved_ = mouse_moved_ || delta.x != 0 || delta.y != 0;
  if (image_mode) {
    image_panel_.draw(*snapshot_, view_.viewport(), hits_, *worker_);
  } else {
    update_region(view_changed);
    if (snapshot_) renderer_.update(*snapshot_, ui_);
    draw_canvas_overlay(view_, snapshot_.get(), renderer_.heat_field(), ui_, scale,
                        mouse_moved_ && !input_.dragging());
    brush_.draw(view_, scale);
  }
  if (snapshot_ && snapshot_->divergence) {
    switch (draw_divergence_banner(*snapshot_->divergence, view_.viewport(), scale)) {
      case BannerChoice::kKeepLastGood:
        worker_->send(cmd::KeepLastGood{});
        break;
      case BannerChoice::kApplySuggestion:
        worker_->send(cmd::ApplySuggestion{});
        break;
      case BannerChoice::kNone:
        break;
    }
  }
  if (snapshot_ && snapshot_->watch) draw_watch_banner(*snapshot_->watch, view_.viewport(), scale);
  if (snapshot_ && snapshot_->fit &&
      draw_fit_progress(*snapshot_->fit, view_.viewport(), scale, &hits_.fit_cancel)) {
    worker_->cancel_fit();
  }
}

void StudioApp::render(const FrameSize& size, bool image_mode, bool final_frame) {
  glViewport(0, 0, size.fb_w, size.fb_h);
  const double plots_x = ui_.panels_visible ? size.win_w - right_width_ : size.win_w;
  clear_frame(look_.light, view_.viewport(), {plots_x, 0, double(size.win_w), double(size.win_h)},
              size.fb_w, size.fb_h, size.fb_scale);
  if (!image_mode) renderer_.draw(view_, size.fb_w, size.fb_h, size.fb_scale, size.scale * size.fb_scale, ui_);
  window_->render_imgui();
  recording_.capture(view_.viewport(), size.fb_w, size.fb_h, size.fb_scale, log_);
  // Benchmarks: wait for the (software) rasteriser here, so "draw" holds the GL work and
  // "swap" only the presentation. Interactive frames let the swap do the waiting.
  if (options_.bench_frames > 0) glFinish();
  phases_.mark(FramePhase::kDraw);

  if (screenshot_requested_) {
    std::error_code ec;
    std::filesystem::create_directories("screenshots", ec);
    take_screenshot(next_screenshot_name(), false);
    screenshot_requested_ = false;
  }
  if (final_frame && !options_.screenshot.empty()) take_screenshot(options_.screenshot, true);
  window_->swap();
  phases_.mark(FramePhase::kSwap);
}

void StudioApp::apply_look() {
  if (look_ == applied_look_) return;
  apply_theme(*window_, look_.light, ui_scale());
  applied_look_ = look_;
  left_width_ = right_width_ = 0;  // the panels take their default widths at the new scale
  resize_panels_ = true;
}

int StudioApp::finish() {
  if (!recording_.finish(log_)) exit_code_ = 2;  // a --record that failed
  if (options_.bench_frames > 0 && !bench_ms_.empty() && snapshot_ && bench_iteration0_ >= 0) {
    const double seconds = std::chrono::duration<double>(Clock::now() - bench_t0_).count();
    const double its = (snapshot_->iteration - bench_iteration0_) / std::max(seconds, 1e-9);
    std::vector<float> sorted = bench_ms_;
    std::sort(sorted.begin(), sorted.end());
    int win_w = 0, win_h = 0;
    window_->framebuffer_size(&win_w, &win_h);
    std::printf(
        "bench: %dx%d, scene %s, %zu frames: median frame time %.2f ms (p90 %.2f ms); "
        "training %.1f it/s (iterations %lld -> %lld in %.1f s)\n",
        win_w, win_h, snapshot_->scene_name.c_str(), sorted.size(), sorted[sorted.size() / 2],
        sorted[sorted.size() * 9 / 10], its, static_cast<long long>(bench_iteration0_),
        static_cast<long long>(snapshot_->iteration), seconds);
    std::printf("bench: frame phases: %s; renderer %s\n", phases_.summary().c_str(),
                window_->gl_version().c_str());
    // CPU accounting is steadier than wall time on a loaded machine: what the trainer thread
    // used, and what everything else in the process (UI, GL rasteriser threads) used per frame.
    const double trainer_cpu = worker_->cpu_seconds() - bench_trainer_cpu0_;
    const double other_cpu = process_cpu_seconds() - bench_cpu0_ - trainer_cpu;
    std::printf(
        "bench: CPU: trainer thread %.0f%% of a core (%.2f ms per iteration); UI and GL "
        "%.2f ms per frame (%.0f%% of a core)\n",
        100 * trainer_cpu / seconds,
        1e3 * trainer_cpu / std::max<int64_t>(1, snapshot_->iteration - bench_iteration0_),
        1e3 * other_cpu / double(sorted.size()), 100 * other_cpu / seconds);
  }
  if (!options_.save_session.empty()) {
    // The final frame's state: the worker writes it and answers the tick that follows.
    if (!save_session(options_.save_session)) exit_code_ = 2;
    if (!worker_->tick(0, 120)) {
      log_.error("--save-session: the trainer thread did not answer");
      exit_code_ = 2;
    }
    for (const auto& n : worker_->take_notices()) {
      log_.add(n);  // prints it
      if (n.level == Notice::Level::kError && n.text.rfind("save session", 0) == 0) exit_code_ = 2;
    }
  }
  if (!options_.dump_state.empty()) {
    DumpExtras extras;
    extras.frames = frames_;
    extras.ui_scale = look_.ui_scale;
    extras.light_theme = look_.light;
    extras.help_visible = help_visible_;
    int fb_w = 0, fb_h = 0;
    window_->framebuffer_size(&fb_w, &fb_h);
    window_->window_size(&extras.window_width, &extras.window_height);
    extras.framebuffer_scale = extras.window_width > 0 ? float(fb_w) / extras.window_width : 1;
    const std::string error =
        write_state_dump(options_.dump_state, snapshot_.get(), ui_, hits_, view_, extras);
    if (!error.empty()) {
      log_.error("--dump-state: " + error);
      exit_code_ = 2;
    }
  }
  return exit_code_;
}

}  // namespace egeot::studio
