#include "studio/ui/control_panel.h"

#include "studio/ui/theme.h"
#include "studio/ui/widths_text.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>

namespace egeot::studio {
namespace {

// The theme's (dark or light): a reference, so a theme change reaches them.
const ImVec4& kErrorColour = theme_colours().error;
const ImVec4& kDimColour = theme_colours().dim;

void copy_text(char* dst, size_t n, const std::string& src) {
  std::strncpy(dst, src.c_str(), n - 1);
  dst[n - 1] = 0;
}

// A float control on a log scale that applies when the user lets go.
bool log_slider(const char* label, double* value, float lo, float hi, const char* format) {
  float v = static_cast<float>(*value);
  ImGui::SliderFloat(label, &v, lo, hi, format, ImGuiSliderFlags_Logarithmic);
  if (ImGui::IsItemActive() || ImGui::IsItemDeactivatedAfterEdit()) *value = v;
  return ImGui::IsItemDeactivatedAfterEdit();
}

bool int_slider(const char* label, int64_t* value, int lo, int hi, bool logarithmic) {
  int v = static_cast<int>(*value);
  ImGui::SliderInt(label, &v, lo, hi, "%d", logarithmic ? ImGuiSliderFlags_Logarithmic : 0);
  if (ImGui::IsItemActive() || ImGui::IsItemDeactivatedAfterEdit()) *value = v;
  return ImGui::IsItemDeactivatedAfterEdit();
}

}  // namespace

void ControlPanel::sync_draft(const Snapshot& s) {
  // Follow the trainer's settings whenever they change there (applied, loaded, reset).
  if (!have_seen_ || s.settings != seen_) {
    seen_ = s.settings;
    draft_ = s.settings;
    have_seen_ = true;
    copy_text(widths_, sizeof(widths_), format_widths(s.settings.widths));
  }
}

void ControlPanel::settings_section(const Snapshot& s, TrainingWorker& worker, NoticeLog& log) {
  sync_draft(s);
  bool apply = false;
  const auto& trained = s.settings;
  // Watching a run, nothing trains: only an eps-conditioned model's dial stays.
  const bool watching = s.watch != nullptr;
  ImGui::PushItemWidth(-ImGui::GetFontSize() * 7);
  ImGui::BeginDisabled(watching && trained.eps_max <= 0);
  apply |= log_slider("\xce\xb5 (entropy)", &draft_.eps, 1e-3f, 10.0f, "%.4g");
  eps_slider_ = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y,
                 ImGui::GetItemRectMin().x + ImGui::CalcItemWidth(),  // the frame, not its label
                 ImGui::GetItemRectMax().y};
  ImGui::EndDisabled();
  if (trained.eps_max > 0) {
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip(
          "An \xce\xb5-conditioned model: the dial is instant within its trained range");
    }
    ImGui::TextColored(kDimColour, "  trained for \xce\xb5 in [%.3g, %.3g]: instant",
                       trained.eps_min, trained.eps_max);
  } else {
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("Changing \xce\xb5 continues from the current potential f (warm start)");
    }
    if (trained.eps_changed_at >= 0) {
      ImGui::TextColored(kDimColour, "  catching up: at \xce\xb5 = %.3g for %lld steps",
                         trained.eps, static_cast<long long>(s.iteration - trained.eps_changed_at));
    }
  }
  ImGui::BeginDisabled(watching);
  if (ImGui::InputText("widths", widths_, sizeof(widths_), ImGuiInputTextFlags_EnterReturnsTrue)) {
    if (parse_widths(widths_, &draft_.widths)) {
      apply = true;
    } else {
      log.error("widths '" + std::string(widths_) + "': expected 1-8 integers in 1..4096");
      copy_text(widths_, sizeof(widths_), format_widths(draft_.widths));
    }
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Press Enter to apply: a new network");
  apply |= int_slider("batch", &draft_.batch, 8, 4096, true);
  apply |= int_slider("Langevin K", &draft_.langevin_steps, 1, 500, true);
  apply |= log_slider("noise \xcf\x83", &draft_.noise, 1e-3f, 1.0f, "%.4g");
  ImGui::TextColored(kDimColour, "  ULA step \xcf\x83\xc2\xb2 = %.3g", draft_.noise * draft_.noise);
  apply |= log_slider("score coef s", &draft_.score_coef, 1e-2f, 10.0f, "%.3g");
  float replay = static_cast<float>(draft_.replay_probability);
  ImGui::SliderFloat("replay p", &replay, 0.0f, 1.0f, "%.3f");
  if (ImGui::IsItemActive() || ImGui::IsItemDeactivatedAfterEdit())
    draft_.replay_probability = replay;
  apply |= ImGui::IsItemDeactivatedAfterEdit();
  apply |= log_slider("learning rate", &draft_.lr, 1e-5f, 1e-1f, "%.2e");
  if (trained.lr_final > 0) {
    ImGui::TextColored(kDimColour, "  now %.2e (to %.2e by iteration %lld)", s.lr_now,
                       trained.lr_final, static_cast<long long>(trained.lr_decay_iters));
  }
  int seed = static_cast<int>(draft_.seed);
  if (ImGui::InputInt("seed", &seed, 1, 10, ImGuiInputTextFlags_EnterReturnsTrue) ||
      ImGui::IsItemDeactivatedAfterEdit()) {
    if (seed >= 0 && seed != draft_.seed) {
      draft_.seed = seed;
      apply = true;
    }
  }
  ImGui::EndDisabled();
  ImGui::PopItemWidth();
  if (apply && draft_ != seen_) worker.send(cmd::Apply{draft_});
}

PanelActions ControlPanel::draw(const Snapshot& s, UiState& ui, HitRegions& hits,
                                TrainingWorker& worker, NoticeLog& log, double frame_ms) {
  PanelActions out;
  const bool image_mode = s.images != nullptr;  // no canvas: no layers, truths or queries
  const float button_w = ImGui::GetFontSize() * 4.2f;
  const bool watching = s.watch != nullptr;  // a read-only view of a run: nothing trains

  // Transport and the numbers a talk shows.
  ImGui::Text("%s", s.scene_name.c_str());
  if (watching) {
    ImGui::TextColored(kDimColour,
                       "iteration %lld  \xc2\xb7  read-only view  \xc2\xb7  %.1f ms/frame",
                       static_cast<long long>(s.iteration), frame_ms);
  } else {
    ImGui::TextColored(kDimColour, "iteration %lld  \xc2\xb7  %.1f it/s  \xc2\xb7  %.1f ms/frame",
                       static_cast<long long>(s.iteration), s.iterations_per_second, frame_ms);
  }
  if (!watching) {  // a watched run trains elsewhere: no transport here
    if (ImGui::Button(s.playing ? "Pause" : "Play", ImVec2(button_w, 0))) {
      worker.send(cmd::SetPlaying{!s.playing});
    }
    ImGui::SameLine();
    if (ImGui::Button("Step", ImVec2(button_w, 0))) worker.send(cmd::Step{1});
    ImGui::SameLine();
    if (ImGui::Button("Reset", ImVec2(button_w, 0))) worker.send(cmd::Reset{});
  }
  if (s.sync) ImGui::TextColored(kDimColour, "synchronous mode (--sync)");

  if (ImGui::CollapsingHeader("Scene", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::BeginDisabled(watching);
    if (ImGui::BeginCombo("preset", s.scene_name.c_str())) {
      if (s.presets) {
        for (const auto& p : *s.presets) {
          if (ImGui::Selectable(p.name.c_str(), p.name == s.scene_name)) {
            worker.send(cmd::LoadScene{p.name, {}});
          }
          if (ImGui::IsItemHovered() && !p.description.empty()) {
            ImGui::SetTooltip("%s", p.description.c_str());
          }
        }
      }
      ImGui::EndCombo();
    }
    ImGui::InputTextWithHint("##scenefile", "scene file (.json)", scene_file_, sizeof(scene_file_));
    ImGui::SameLine();
    if (ImGui::Button("Open") && scene_file_[0]) worker.send(cmd::LoadScene{scene_file_, {}});
    ImGui::EndDisabled();
    if (watching && !watch_dir_[0]) copy_text(watch_dir_, sizeof(watch_dir_), s.watch->dir);
    const char* watch_label = watching ? "Stop watching" : "Watch";
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize(watch_label).x -
                            3 * ImGui::GetStyle().FramePadding.x - ImGui::GetStyle().ItemSpacing.x);
    ImGui::InputTextWithHint("##watchdir", "run directory (egeot train --out)", watch_dir_,
                             sizeof(watch_dir_));
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip(
          "Watch a run training elsewhere (also distributed): its newest checkpoint "
          "and metrics.csv, reloaded as they land; read-only");
    }
    ImGui::SameLine();
    if (watching) {
      if (ImGui::Button("Stop watching")) worker.send(cmd::WatchRun{});
    } else if (ImGui::Button("Watch") && watch_dir_[0]) {
      worker.send(cmd::WatchRun{watch_dir_});
    }
    if (!s.scene_description.empty()) ImGui::TextWrapped("%s", s.scene_description.c_str());
  }
  ImGui::BeginDisabled(watching);
  if (after_scene) after_scene();
  ImGui::EndDisabled();

  if (ImGui::CollapsingHeader("Training", ImGuiTreeNodeFlags_DefaultOpen)) {
    if (watching && s.scene_name.empty()) {  // no settings to show before a checkpoint landed
      ImGui::TextColored(kDimColour, "the run's settings come with its first checkpoint");
    } else {
      settings_section(s, worker, log);
      hits.eps_slider = eps_slider_;
    }
  }

  if (!image_mode && ImGui::CollapsingHeader("Layers", ImGuiTreeNodeFlags_DefaultOpen)) {
    for (const auto& info : kLayers) ImGui::Checkbox(info.label, &ui.layers[info.layer]);
    int mode = static_cast<int>(ui.mode);
    ImGui::TextUnformatted("heat map:");
    ImGui::RadioButton("E\xe2\x82\x93(y)", &mode, 0);
    ImGui::SameLine();
    ImGui::RadioButton("\xcf\x80(y|x)", &mode, 1);
    ImGui::SameLine();
    ImGui::RadioButton("f(y)", &mode, 2);
    ui.mode = static_cast<LandscapeMode>(mode);
    int map = static_cast<int>(ui.colormap);
    ImGui::RadioButton("viridis", &map, 0);
    ImGui::SameLine();
    ImGui::RadioButton("magma", &map, 1);
    ImGui::SameLine();
    ImGui::Checkbox("contours", &ui.contours);
    ui.colormap = static_cast<viz::Colormap>(map);
    ImGui::SliderFloat("opacity", &ui.heat_opacity, 0.0f, 1.0f, "%.2f");
    ImGui::SliderFloat("point size", &ui.point_size, 1.0f, 10.0f, "%.1f");
    ImGui::Checkbox("heat map follows the view", &ui.heat_follows_view);
    if (ImGui::Button("Fit view")) out.fit_view = true;
  }

  if (!image_mode && ImGui::CollapsingHeader("Ground truth", ImGuiTreeNodeFlags_DefaultOpen)) {
    const auto& k = s.sinkhorn;
    switch (k.state) {
      case SinkhornInfo::State::kSolving:
        ImGui::TextColored(kDimColour,
                           "Sinkhorn (N = %lld, \xce\xb5 = %.4g): solving\xe2\x80\xa6 %.1f s",
                           static_cast<long long>(k.n), k.eps, k.seconds);
        break;
      case SinkhornInfo::State::kReady:
        ImGui::TextWrapped(
            "Sinkhorn (N = %lld, \xce\xb5 = %.4g): %s, marginal error %.2g (L1), %lld "
            "iterations in %lld \xce\xb5-stages, %.2f s",
            static_cast<long long>(k.n), k.eps, k.converged ? "converged" : "NOT converged",
            k.marginal_error, static_cast<long long>(k.iterations),
            static_cast<long long>(k.stages), k.seconds);
        break;
      case SinkhornInfo::State::kFailed:
        ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
        ImGui::TextWrapped("Sinkhorn failed: %s", k.message.c_str());
        ImGui::PopStyleColor();
        break;
      default:
        ImGui::TextColored(kDimColour, "%s",
                           k.message.empty() ? "no Sinkhorn reference" : k.message.c_str());
    }
    if (!s.closed_form.empty()) {
      ImGui::TextWrapped(
          "closed form (Gaussian scene): ellipses of N(\xce\xbc(x), \xce\xa3) at 1\xcf\x83 and "
          "2\xcf\x83");
    } else {
      ImGui::TextColored(kDimColour, "closed form: Gaussian source and target only");
    }
  }

  if (!image_mode && ImGui::CollapsingHeader("Query points x", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::TextColored(kDimColour, "click: set \xc2\xb7 shift-click: add \xc2\xb7 drag: move");
    for (size_t i = 0; i < ui.queries.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      char label[96];
      std::snprintf(label, sizeof(label), "x%zu = (%.3f, %.3f)", i, ui.queries[i][0],
                    ui.queries[i][1]);
      if (ImGui::Selectable(label, ui.selected == int(i), 0,
                            ImVec2(ImGui::GetFontSize() * 12, 0))) {
        ui.selected = static_cast<int>(i);
        out.queries_changed = true;
      }
      ImGui::SameLine();
      if (ImGui::SmallButton("remove")) {
        ui.queries.erase(ui.queries.begin() + i);
        if (ui.selected >= int(ui.queries.size())) ui.selected = int(ui.queries.size()) - 1;
        out.queries_changed = true;
        ImGui::PopID();
        break;
      }
      ImGui::PopID();
    }
    if (!ui.queries.empty() && ImGui::Button("Clear all")) {
      ui.queries.clear();
      ui.selected = -1;
      out.queries_changed = true;
    }
  }

  if (ImGui::CollapsingHeader("Checkpoint & export")) {
    ImGui::InputText("directory", checkpoint_dir_, sizeof(checkpoint_dir_));
    if (ImGui::Button("Save", ImVec2(button_w, 0)) && checkpoint_dir_[0]) {
      worker.send(cmd::SaveCheckpoint{checkpoint_dir_});
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(watching);
    if (ImGui::Button("Load", ImVec2(button_w, 0)) && checkpoint_dir_[0]) {
      worker.send(cmd::LoadCheckpoint{checkpoint_dir_});
    }
    ImGui::EndDisabled();
    ImGui::InputText("session", session_dir_, sizeof(session_dir_));
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("A directory: scene, checkpoint, queries, layers, view and colour map; "
                        "egeot-studio DIR opens it");
    }
    if (ImGui::Button("Save session") && session_dir_[0]) out.save_session = session_dir_;
    ImGui::SameLine();
    ImGui::BeginDisabled(watching);
    if (ImGui::Button("Open session") && session_dir_[0]) out.open_session = session_dir_;
    ImGui::EndDisabled();
    if (ImGui::Button("Screenshot (F12)")) out.screenshot = true;
    ImGui::SameLine();
    if (ImGui::Button("Reload shaders")) out.reload_shaders = true;
    ImGui::TextColored(kDimColour, "device: %s", s.device.c_str());
  }

  if (before_notices) before_notices();
  ImGui::Separator();
  ImGui::TextColored(kDimColour,
                     "F1: keys \xc2\xb7 Tab: panels \xc2\xb7 P: present \xc2\xb7 Space: play/pause");
  for (auto it = log.entries().rbegin(); it != log.entries().rend(); ++it) {
    if (it->level == Notice::Level::kError) {
      ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
      ImGui::TextWrapped("%s", it->text.c_str());
      ImGui::PopStyleColor();
    } else {
      ImGui::TextWrapped("%s", it->text.c_str());
    }
  }
  return out;
}

}  // namespace egeot::studio
