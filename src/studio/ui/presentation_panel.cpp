#include "studio/ui/presentation_panel.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace egeot::studio {
namespace {

constexpr float kScaleStep = 0.25f;  // Ctrl + and Ctrl -

void set_canvas_only(UiState& ui, bool on) {
  ui.canvas_only = on;
  ui.panels_visible = !on;
}

}  // namespace

void PresentationPanel::draw(Look& look, UiState& ui, bool* help) {
  if (!ImGui::CollapsingHeader("Presentation")) return;
  int light = look.light ? 1 : 0;
  ImGui::RadioButton("dark", &light, 0);
  ImGui::SameLine();
  ImGui::RadioButton("light", &light, 1);
  look.light = light == 1;
  float scale = dragging_ ? draft_scale_ : look.ui_scale;
  ImGui::SliderFloat("UI scale", &scale, kMinUiScale, kMaxUiScale, "%.2f");
  dragging_ = ImGui::IsItemActive();
  draft_scale_ = scale;
  if (ImGui::IsItemDeactivatedAfterEdit()) look.ui_scale = scale;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Fonts and widgets, for projectors (Ctrl +/-)");
  if (ImGui::Button("Canvas only (P)")) set_canvas_only(ui, true);
  ImGui::SameLine();
  if (ImGui::Button("Keys (F1)")) *help = !*help;
}

void PresentationPanel::key(int key, int mods, bool typing, Look& look, UiState& ui, bool* help) {
  const bool ctrl = mods & GLFW_MOD_CONTROL;
  if (key == GLFW_KEY_F1) *help = !*help;
  if (ctrl && (key == GLFW_KEY_EQUAL || key == GLFW_KEY_KP_ADD))
    look.ui_scale = std::min(kMaxUiScale, look.ui_scale + kScaleStep);
  if (ctrl && (key == GLFW_KEY_MINUS || key == GLFW_KEY_KP_SUBTRACT))
    look.ui_scale = std::max(kMinUiScale, look.ui_scale - kScaleStep);
  if (ctrl && (key == GLFW_KEY_0 || key == GLFW_KEY_KP_0)) look.ui_scale = 1;
  if (typing || ctrl) return;
  if (key == GLFW_KEY_ESCAPE) *help = false;
  if (key == GLFW_KEY_SLASH && (mods & GLFW_MOD_SHIFT)) *help = !*help;  // '?'
  if (key == GLFW_KEY_P) set_canvas_only(ui, !ui.canvas_only);
}

}  // namespace egeot::studio
