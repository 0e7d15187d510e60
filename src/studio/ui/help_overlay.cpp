#include "studio/ui/help_overlay.h"

#include <imgui.h>

namespace egeot::studio {

const KeyHelp kKeyHelp[] = {
    {"Space", "play / pause training"},
    {"Tab", "show / hide the panels"},
    {"P", "presentation: the canvas alone, with \xce\xb5 and the iteration"},
    {"F1 or ?", "this list of keys"},
    {"F9", "record / stop (the Record section's file, or recordings/)"},
    {"F11", "full screen"},
    {"F12", "screenshot (to screenshots/)"},
    {"Ctrl + / Ctrl \xe2\x88\x92 / Ctrl 0", "UI scale up / down / back to 1"},
    {"Ctrl+Q", "quit"},
    {nullptr, nullptr},
};

const KeyHelp kMouseHelp[] = {
    {"drag, wheel", "pan, zoom the canvas"}, {"click", "set the query x"},
    {"shift-click", "add a query"},          {"drag a query", "move it (its conditional follows)"},
    {"right-click a query", "remove it"},    {nullptr, nullptr},
};

namespace {

void table(const char* id, const KeyHelp* rows) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) return;
  for (const KeyHelp* r = rows; r->keys; ++r) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r->keys);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(r->action);
  }
  ImGui::EndTable();
}

}  // namespace

void draw_help_overlay(bool* open) {
  if (!*open) return;
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(1.0f);  // the panels and plots have no ground of their own
  const ImGuiWindowFlags flags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove;
  if (ImGui::Begin("Keys (F1)", open, flags)) {
    table("keys", kKeyHelp);
    ImGui::Spacing();
    ImGui::TextDisabled("on the canvas");
    table("mouse", kMouseHelp);
    ImGui::Spacing();
    ImGui::TextDisabled("Esc or F1 closes this");
  }
  ImGui::End();
}

}  // namespace egeot::studio
