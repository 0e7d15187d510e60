#include "studio/ui/theme.h"

#include "studio/protocol/palette.h"
#include "viz/gl/gl.h"

#include <cmath>

namespace egeot::studio {
namespace {

constexpr float kFontPixels = 15.0f;  // the UI font at scale 1

ThemeColours g_colours{
    {0.65f, 0.67f, 0.72f, 1.0f}, {1.0f, 0.45f, 0.4f, 1.0f}, {1.0f, 0.7f, 0.35f, 1.0f}};

void clear_rect(const viz::Rect& r, int fb_h, float s, const float* colour) {
  const int x0 = int(std::floor(r.x0 * s)), x1 = int(std::ceil(r.x1 * s));
  const int y0 = int(std::floor(r.y0 * s)), y1 = int(std::ceil(r.y1 * s));
  if (x1 <= x0 || y1 <= y0) return;
  glScissor(x0, fb_h - y1, x1 - x0, y1 - y0);  // GL's rows count from the bottom
  glClearColor(colour[0], colour[1], colour[2], colour[3]);
  glClear(GL_COLOR_BUFFER_BIT);
}

}  // namespace

const ThemeColours& theme_colours() {
  return g_colours;
}

void apply_theme(viz::AppWindow& window, bool light, float scale) {
  ImGuiStyle style;  // fresh: ScaleAllSizes multiplies whatever sizes it is given
  if (light) {
    ImGui::StyleColorsLight(&style);
    g_colours = {
        {0.35f, 0.37f, 0.42f, 1.0f}, {0.75f, 0.1f, 0.05f, 1.0f}, {0.65f, 0.35f, 0.0f, 1.0f}};
  } else {
    ImGui::StyleColorsDark(&style);
    g_colours = {{0.65f, 0.67f, 0.72f, 1.0f}, {1.0f, 0.45f, 0.4f, 1.0f}, {1.0f, 0.7f, 0.35f, 1.0f}};
  }
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
  window.set_font_pixels(kFontPixels * scale);
}

void clear_frame(bool light, const viz::Rect& canvas, const viz::Rect& plots, int fb_w, int fb_h,
                 float fb_scale) {
  if (!light) {
    glClearColor(palette::kBackground[0], palette::kBackground[1], palette::kBackground[2],
                 palette::kBackground[3]);
    glClear(GL_COLOR_BUFFER_BIT);
    return;
  }
  const ImVec4 ground = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(ground.x, ground.y, ground.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glEnable(GL_SCISSOR_TEST);
  clear_rect(canvas, fb_h, fb_scale, palette::kBackground);
  clear_rect(plots, fb_h, fb_scale, palette::kBackground);
  glDisable(GL_SCISSOR_TEST);
  glScissor(0, 0, fb_w, fb_h);
}

DarkGroundText::DarkGroundText(bool light) {
  if (!light) return;
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 1.0f, 1.0f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_TextDisabled, ImVec4(0.5f, 0.5f, 0.5f, 1.0f));
  pushed_ = 2;
}

DarkGroundText::~DarkGroundText() {
  if (pushed_) ImGui::PopStyleColor(pushed_);
}

}  // namespace egeot::studio
