#include "studio/ui/fit_progress_view.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace egeot::studio {
namespace {

std::string duration(double seconds) {
  char text[32];
  const int s = int(std::max(0.0, seconds) + 0.5);
  if (s >= 60) {
    std::snprintf(text, sizeof(text), "%d min %02d s", s / 60, s % 60);
  } else {
    std::snprintf(text, sizeof(text), "%d s", s);
  }
  return text;
}

}  // namespace

bool draw_fit_progress(const GeneratorFitView& fit, const viz::Rect& area, float scale,
                       HitRect* cancel_rect) {
  const float width = std::min(520.0f * scale, float(area.width()) - 24 * scale);
  ImGui::SetNextWindowPos(ImVec2(float(area.x0 + area.x1) / 2, float(area.y0 + area.y1) / 2),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoResize | ImGuiWindowFlags_AlwaysAutoResize;
  bool cancel = false;
  ImGui::Begin("generator fit", nullptr, flags);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(fit.what.c_str());
  ImGui::PopTextWrapPos();
  const float done = fit.total > 0 ? float(fit.iteration) / float(fit.total) : 0;
  char label[64];
  std::snprintf(label, sizeof(label), "%lld / %lld", static_cast<long long>(fit.iteration),
                static_cast<long long>(fit.total));
  ImGui::ProgressBar(done, ImVec2(-1, 0), label);
  ImGui::Text("reconstruction %.4g  \xc2\xb7  MMD %.3g", fit.recon, fit.mmd);
  const std::string left = fit.iteration > 1 ? duration(fit.remaining) : std::string("estimating");
  ImGui::Text("elapsed %s  \xc2\xb7  about %s left", duration(fit.elapsed).c_str(), left.c_str());
  if (fit.cancelling) {
    ImGui::TextUnformatted("cancelling\xe2\x80\xa6");
  } else if (fit.iteration < fit.total) {
    cancel = ImGui::Button("Cancel");
    *cancel_rect = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                    ImGui::GetItemRectMax().y};
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("Stop the fit: nothing is cached, and the scene is not opened");
    }
  }
  ImGui::End();
  return cancel;
}

}  // namespace egeot::studio
