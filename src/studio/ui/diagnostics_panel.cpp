#include "studio/ui/diagnostics_panel.h"

#include "studio/worker/training_worker.h"
#include "viz/imgui/line_plot.h"

#include <imgui.h>

#include <cstdio>
#include <string>

namespace egeot::studio {
namespace {

// Vehtari et al.'s threshold: above it the chains still remember where they started.
constexpr double kRhatMixed = 1.01;
const char* const kKinds[] = {"ula", "mala", "hmc"};
const char* const kKindLabels[] = {"ULA", "MALA", "HMC"};

// Frozen chains at distinct starts give an R-hat of thousands or infinity.
std::string rhat_text(double r) {
  if (!(r < 1000)) return ">1000";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", r);
  return buf;
}

ImVec4 colour_of(uint32_t rgba) {
  return ImGui::ColorConvertU32ToFloat4(rgba);
}

// A swatch per start group (drawn: the UI font has no square glyph) and its name.
void legend() {
  const char* names[] = {"near x", "on Q", "far (3\xc3\x97 Q's radius)"};
  const float side = ImGui::GetTextLineHeight() * 0.7f;
  for (int g = 0; g < 3; ++g) {
    if (g) ImGui::SameLine();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float pad = (ImGui::GetTextLineHeight() - side) / 2;
    ImGui::GetWindowDrawList()->AddRectFilled(
        ImVec2(p.x, p.y + pad), ImVec2(p.x + side, p.y + pad + side), start_colour(g));
    ImGui::Dummy(ImVec2(side, ImGui::GetTextLineHeight()));
    ImGui::SameLine();
    ImGui::TextColored(colour_of(start_colour(g)), "%s", names[g]);
  }
}

void results(const SamplerDiagnosticsView& v) {
  if (!v.message.empty()) {
    ImGui::TextWrapped("%s", v.message.c_str());
    return;
  }
  legend();
  char accept[32] = "\xe2\x80\x94";  // ULA: no acceptance
  if (v.mean_acceptance >= 0) std::snprintf(accept, sizeof accept, "%.3f", v.mean_acceptance);
  ImGui::TextWrapped("x = (%.2f, %.2f), %lld chains \xc3\x97 %lld steps, iteration %lld", v.x[0],
                     v.x[1], static_cast<long long>(v.chains), static_cast<long long>(v.steps),
                     static_cast<long long>(v.iteration));
  ImGui::TextWrapped("step %.4g   acceptance %s   R-hat %s   ESS %.0f", v.step, accept,
                     rhat_text(v.rhat).c_str(), v.ess);
  if (v.collapsed) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 90, 90, 255));
    ImGui::TextWrapped("%s", v.collapse_reason.c_str());
    ImGui::PopStyleColor();
  }
  if (v.rhat > kRhatMixed) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 150, 70, 255));
    ImGui::TextWrapped("NOT MIXING: R-hat %s > %.2f, the chains still depend on where they started",
                       rhat_text(v.rhat).c_str(), kRhatMixed);
    ImGui::PopStyleColor();
  } else {
    ImGui::TextColored(ImVec4(0.5f, 0.9f, 0.5f, 1), "mixed: R-hat <= %.2f", kRhatMixed);
  }
  const float h = ImGui::GetFontSize() * 6.0f;
  if (!v.acceptance.empty()) {
    viz::line_plot("acceptance per step (mean over chains)", v.step_index,
                   {{&v.acceptance, IM_COL32(120, 220, 255, 255), "accept"}}, h);
  }
  if (!v.curve_steps.empty()) {
    viz::line_plot("split R-hat of steps (k/2, k]", v.curve_steps,
                   {{&v.rhat_curve, IM_COL32(255, 150, 70, 255), "R-hat"}}, h);
  }
  if (!v.tv_curve.empty()) {
    char title[96];
    std::snprintf(title, sizeof title, "TV to the grid density at step k (floor %.2f)", v.tv_floor);
    viz::line_plot(title, v.curve_steps, {{&v.tv_curve, IM_COL32(255, 110, 110, 255), "TV"}}, h);
  }
}

}  // namespace

void DiagnosticsPanel::choose(const std::string& kind, double step, int64_t leapfrog, bool enabled,
                              TrainingWorker& worker) {
  wanted_.kind = kind;
  wanted_.step = step;
  wanted_.leapfrog = leapfrog;
  wanted_.enabled = enabled;
  worker.send(wanted_);
  sent_ = wanted_;
  first_ = false;
}

void DiagnosticsPanel::draw(const Snapshot& s, UiState& ui, TrainingWorker& worker) {
  if (ImGui::CollapsingHeader("Sampler diagnostics", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::Checkbox("run on the selected x", &ui.layers[Layer::kDiagnosticChains]);
    int kind = 0;
    for (int i = 0; i < 3; ++i) {
      if (wanted_.kind == kKinds[i]) kind = i;
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    if (ImGui::Combo("kernel (also for the conditional views)", &kind, kKindLabels, 3))
      wanted_.kind = kKinds[kind];
    float step = static_cast<float>(wanted_.step);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    if (ImGui::InputFloat("step (0: \xcf\x83)", &step, 0, 0, "%.4g",
                          ImGuiInputTextFlags_EnterReturnsTrue)) {
      wanted_.step = step > 0 ? step : 0;
    }
    if (wanted_.kind == "hmc") {
      int leapfrog = static_cast<int>(wanted_.leapfrog);
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
      if (ImGui::SliderInt("leapfrog", &leapfrog, 1, 50)) wanted_.leapfrog = leapfrog;
    }
    if (s.diagnostics) {
      results(*s.diagnostics);
    } else if (ui.layers[Layer::kDiagnosticChains]) {
      ImGui::TextDisabled("running\xe2\x80\xa6");
    }
  }
  wanted_.enabled = ui.layers[Layer::kDiagnosticChains];
  if (first_ || !(wanted_ == sent_)) {
    worker.send(wanted_);
    sent_ = wanted_;
    first_ = false;
  }
}

}  // namespace egeot::studio
