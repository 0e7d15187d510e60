#pragma once
// F1 or '?': the studio's keys and mouse gestures in a window over the canvas. The table
// here is the list users read; StudioApp::hotkeys() is what acts on them.
namespace egeot::studio {

struct KeyHelp {
  const char* keys;
  const char* action;
};
extern const KeyHelp kKeyHelp[];
extern const KeyHelp kMouseHelp[];

// Draws the overlay in the middle of the window while *open; its close button clears *open.
void draw_help_overlay(bool* open);

}  // namespace egeot::studio
