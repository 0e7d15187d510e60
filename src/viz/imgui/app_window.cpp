#include "viz/imgui/app_window.h"

#include "viz/gl/gl.h"
#include "viz/imgui/ui_font.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <utility>

namespace egeot::viz {
namespace {

std::string g_glfw_error;
void on_glfw_error(int code, const char* text) {
  g_glfw_error = text ? text : "unknown GLFW error";
  (void)code;
}

}  // namespace

// GLFW callbacks that only note "something happened"; installed before ImGui's backend,
// which chains to them.
struct WindowEvents {
  static void note(GLFWwindow* w) {
    if (auto* self = static_cast<AppWindow*>(glfwGetWindowUserPointer(w))) self->events_ = true;
  }
  static void install(GLFWwindow* w) {
    glfwSetCursorPosCallback(w, [](GLFWwindow* w, double, double) { note(w); });
    glfwSetMouseButtonCallback(w, [](GLFWwindow* w, int button, int action, int mods) {
      note(w);
      auto* self = static_cast<AppWindow*>(glfwGetWindowUserPointer(w));
      if (self && action == GLFW_PRESS && button >= 0 && button < 8)
        self->press_mods_[button] = mods;
    });
    glfwSetScrollCallback(w, [](GLFWwindow* w, double, double) { note(w); });
    glfwSetKeyCallback(w, [](GLFWwindow* w, int key, int, int action, int mods) {
      note(w);
      auto* self = static_cast<AppWindow*>(glfwGetWindowUserPointer(w));
      if (self && action == GLFW_PRESS) self->keys_.push_back({key, mods});
    });
    glfwSetCharCallback(w, [](GLFWwindow* w, unsigned int) { note(w); });
    glfwSetWindowFocusCallback(w, [](GLFWwindow* w, int) { note(w); });
    glfwSetCursorEnterCallback(w, [](GLFWwindow* w, int) { note(w); });
    glfwSetFramebufferSizeCallback(w, [](GLFWwindow* w, int, int) { note(w); });
    glfwSetWindowRefreshCallback(w, [](GLFWwindow* w) { note(w); });
  }
};

bool AppWindow::take_events() {
  return std::exchange(events_, false);
}

std::vector<AppWindow::KeyPress> AppWindow::take_key_presses() {
  return std::exchange(keys_, {});
}

std::unique_ptr<AppWindow> AppWindow::create(const WindowOptions& options, std::string* error) {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    *error = "cannot start GLFW (no display? set DISPLAY or run under xvfb-run): " + g_glfw_error;
    return nullptr;
  }
  std::unique_ptr<AppWindow> w(new AppWindow());
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
#ifdef __APPLE__
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
#endif
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  w->window_ =
      glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
  if (!w->window_) {
    *error = "cannot open a window with OpenGL 3.3 core (" + g_glfw_error +
             "); egeot-studio needs OpenGL 3.3. For headless training use `egeot train`";
    return nullptr;  // ~AppWindow terminates GLFW
  }
  glfwSetWindowUserPointer(w->window_, w.get());
  WindowEvents::install(w->window_);
  glfwMakeContextCurrent(w->window_);
  glfwSwapInterval(options.vsync ? 1 : 0);
  float sx = 1, sy = 1;
  glfwGetWindowContentScale(w->window_, &sx, &sy);
  w->scale_ = std::clamp(std::max(sx, sy), 1.0f, 4.0f);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  w->imgui_context_ = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout comes from code, not from a file beside the binary
  ImGui::StyleColorsDark();
  ImGui::GetStyle().ScaleAllSizes(w->scale_);
  w->set_font_pixels(15.0f * w->scale_);
  w->glfw_backend_ = ImGui_ImplGlfw_InitForOpenGL(w->window_, true);
  w->gl_backend_ = ImGui_ImplOpenGL3_Init("#version 330 core");
  if (!w->glfw_backend_ || !w->gl_backend_) {
    *error = "cannot initialise Dear ImGui's GLFW/OpenGL3 backends";
    return nullptr;
  }
  return w;
}

AppWindow::~AppWindow() {
  if (gl_backend_) ImGui_ImplOpenGL3_Shutdown();
  if (glfw_backend_) ImGui_ImplGlfw_Shutdown();
  if (imgui_context_) ImGui::DestroyContext();
  if (window_) glfwDestroyWindow(window_);
  glfwTerminate();
}

void AppWindow::set_font_pixels(float pixels) {
  static const ImWchar kLargeRanges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0};
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  load_ui_font(io, pixels);
  load_ui_font(io, 2 * pixels, kLargeRanges);
  large_font_ = io.Fonts->Fonts.back();
  // Once the backend has made its texture, remake it from the new atlas (before that, its
  // first NewFrame does).
  if (gl_backend_ && io.Fonts->TexID) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
}

bool AppWindow::should_close() const {
  return glfwWindowShouldClose(window_);
}
void AppWindow::request_close() {
  glfwSetWindowShouldClose(window_, GLFW_TRUE);
}

bool AppWindow::minimized() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return w == 0 || h == 0 || glfwGetWindowAttrib(window_, GLFW_ICONIFIED);
}

void AppWindow::toggle_fullscreen() {
  if (!fullscreen_) {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) return;
    glfwGetWindowPos(window_, &windowed_[0], &windowed_[1]);
    glfwGetWindowSize(window_, &windowed_[2], &windowed_[3]);
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    fullscreen_ = true;
  } else {
    glfwSetWindowMonitor(window_, nullptr, windowed_[0], windowed_[1], windowed_[2], windowed_[3],
                         GLFW_DONT_CARE);
    fullscreen_ = false;
  }
}

void AppWindow::framebuffer_size(int* w, int* h) const {
  glfwGetFramebufferSize(window_, w, h);
}
void AppWindow::window_size(int* w, int* h) const {
  glfwGetWindowSize(window_, w, h);
}

std::string AppWindow::gl_version() const {
  const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return std::string(version ? version : "?") + " (" + (renderer ? renderer : "?") + ")";
}

void AppWindow::begin_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void AppWindow::render_imgui() {
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void AppWindow::swap() {
  glfwSwapBuffers(window_);
}

}  // namespace egeot::viz
