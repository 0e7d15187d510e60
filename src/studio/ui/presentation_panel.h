#pragma once
// The panel's "Presentation" section (theme, UI scale, canvas-only mode, the keys) and the
// keys that do the same: P, F1 or '?', Esc, Ctrl + / Ctrl - / Ctrl 0.
#include "studio/ui/theme.h"
#include "studio/ui/ui_state.h"

namespace egeot::studio {

class PresentationPanel {
 public:
  // Draws inside the current ImGui window. The scale applies when its slider is let go
  // (each change rebuilds the font atlas).
  void draw(Look& look, UiState& ui, bool* help);
  // One key press (GLFW_KEY_*, GLFW_MOD_*); typing: a text field has the keyboard.
  static void key(int key, int mods, bool typing, Look& look, UiState& ui, bool* help);

 private:
  float draft_scale_ = 1;  // while dragging
  bool dragging_ = false;
};

}  // namespace egeot::studio
