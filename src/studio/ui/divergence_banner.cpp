#include "studio/ui/divergence_banner.h"

#include <imgui.h>

#include <algorithm>
#include <string>

namespace egeot::studio {

BannerChoice draw_divergence_banner(const DivergenceReport& r, const viz::Rect& area, float scale) {
  const float margin = 12 * scale;
  const float width = std::max(240.0f * scale, float(area.width()) - 2 * margin);
  ImGui::SetNextWindowPos(ImVec2(float(area.x0) + margin, float(area.y0) + margin), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(110, 20, 24, 235));
  ImGui::PushStyleColor(ImGuiCol_Border, IM_COL32(255, 90, 90, 255));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2 * scale);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoResize | ImGuiWindowFlags_AlwaysAutoResize;
  BannerChoice choice = BannerChoice::kNone;
  ImGui::Begin("training diverged", nullptr, flags);
  ImGui::PushTextWrapPos(0);
  ImGui::TextColored(ImVec4(1, 0.85f, 0.85f, 1), "Training diverged at iteration %lld: %s.",
                     static_cast<long long>(r.iteration), r.sign.c_str());
  ImGui::Text("Showing the last good model (iteration %lld); training is paused.",
              static_cast<long long>(r.restored_to));
  ImGui::TextUnformatted(r.cause.c_str());
  if (!r.suggestion.empty()) ImGui::Text("Suggestion: %s", r.suggestion.c_str());
  ImGui::PopTextWrapPos();
  if (ImGui::Button("Restore last good")) choice = BannerChoice::kKeepLastGood;
  if (!r.suggestion.empty()) {
    ImGui::SameLine();
    const std::string label = "Restore and apply " + r.suggestion;
    if (ImGui::Button(label.c_str())) choice = BannerChoice::kApplySuggestion;
  }
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(2);
  return choice;
}

}  // namespace egeot::studio
