#pragma once
// The window, its OpenGL 3.3 core context and Dear ImGui bound to it (GLFW + OpenGL3
// backends), owned together: creation either yields all three or a reason why not, and the
// destructor tears them down in the right order.
#include <memory>
#include <string>
#include <vector>

struct GLFWwindow;
struct ImFont;

namespace egeot::viz {

struct WindowOptions {
  std::string title = "egeot";
  int width = 1280, height = 800;  // in screen coordinates
  bool vsync = true;
};

class AppWindow {
 public:
  // nullptr and *error set when GLFW, the window or an OpenGL 3.3 core context fails.
  static std::unique_ptr<AppWindow> create(const WindowOptions& options, std::string* error);
  ~AppWindow();
  AppWindow(const AppWindow&) = delete;
  AppWindow& operator=(const AppWindow&) = delete;

  GLFWwindow* handle() const { return window_; }
  bool should_close() const;
  void request_close();
  // F11: the primary monitor at its video mode, and back to the window as it was.
  void toggle_fullscreen();
  bool fullscreen() const { return fullscreen_; }
  bool minimized() const;

  // The monitor's content scale (1 on a standard display, 2 on HiDPI).
  float content_scale() const { return scale_; }
  // Rebuilds the font atlas with the UI font at this size, and a large one (twice the size,
  // Latin and Greek only) for overlays meant to be read from afar. Not between begin_frame
  // and render_imgui.
  void set_font_pixels(float pixels);
  ImFont* large_font() const { return large_font_; }
  void framebuffer_size(int* w, int* h) const;
  void window_size(int* w, int* h) const;
  std::string gl_version() const;

  // Whether any input or window event arrived since the last call: the studio redraws only
  // when something changed (input, a new snapshot, an animation).
  bool take_events();

  // Key presses since the last call, in order. ImGui 1.86 keeps only the key state at the
  // start of a frame, so a press and release within one frame (a quick tap, or any key
  // during a slow --sync frame) would be lost to ImGui::IsKeyPressed; hotkeys read these.
  struct KeyPress {
    int key = 0, mods = 0;  // GLFW_KEY_*, GLFW_MOD_*
  };
  std::vector<KeyPress> take_key_presses();
  // The modifier keys (GLFW_MOD_*) held at the last press of a mouse button, from the event
  // itself: a shift-click stays a shift-click however short the shift was held.
  int mouse_press_mods(int button) const {
    return button >= 0 && button < 8 ? press_mods_[button] : 0;
  }

  void begin_frame();   // ImGui backends' NewFrame and ImGui::NewFrame
  void render_imgui();  // ImGui::Render and the OpenGL3 backend's draw
  void swap();

 private:
  AppWindow() = default;
  GLFWwindow* window_ = nullptr;
  float scale_ = 1;
  bool fullscreen_ = false;
  int windowed_[4] = {0, 0, 1280, 800};  // x, y, w, h to return to
  bool imgui_context_ = false, glfw_backend_ = false, gl_backend_ = false;
  bool events_ = true;
  ImFont* large_font_ = nullptr;
  std::vector<KeyPress> keys_;
  int press_mods_[8] = {0};
  friend struct WindowEvents;
};

}  // namespace egeot::viz
