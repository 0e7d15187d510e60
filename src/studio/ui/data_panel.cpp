#include "studio/ui/data_panel.h"

#include "base/error.h"
#include "studio/ui/theme.h"

#include <imgui.h>

namespace egeot::studio {
namespace {

HitRect last_item() {
  return {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
          ImGui::GetItemRectMax().y};
}

// Drawn points make a side "drawn"; clearing them all gives it back to N(0, I).
void follow_brush(UserDistribution& d, const std::vector<Point2>& points, bool changed) {
  using Kind = UserDistribution::Kind;
  if (changed && !points.empty()) d.kind = Kind::kDrawn;
  if (d.kind == Kind::kDrawn && points.empty()) d.kind = Kind::kStandardGaussian;
  if (d.kind == Kind::kDrawn) d.points = points;
}

}  // namespace

void DataPanel::sync(const BrushTool& brush) {
  for (BrushSide b : {BrushSide::kP, BrushSide::kQ}) {
    const auto& points = brush.points(b);
    auto& seen = seen_[b == BrushSide::kP ? 0 : 1];
    follow_brush(b == BrushSide::kP ? p_ : q_, points, points.size() != seen);
    seen = points.size();
  }
}

bool DataPanel::train(const Snapshot& s, const BrushTool& brush, TrainingWorker& worker,
                      NoticeLog& log) {
  sync(brush);
  const std::string dir = dir_[0] ? std::string(dir_) : default_user_scene_dir();
  try {
    const std::string scene = write_user_scene(dir, p_, q_, s.settings);
    log.info("scene written to " + scene);
    worker.send(cmd::LoadScene{scene, dir});
    dir_[0] = 0;  // the next one gets a fresh default rather than failing on this one
    return true;
  } catch (const InputError& e) {
    log.error(first_line(e));
    return false;
  }
}

void DataPanel::draw(const Snapshot& s, BrushTool& brush, TrainingWorker& worker, NoticeLog& log,
                     HitRegions& hits) {
  if (s.images) {  // an image scene has no canvas to draw on
    brush.set_side(BrushSide::kOff);
    return;
  }
  if (!ImGui::CollapsingHeader("Your data", ImGuiTreeNodeFlags_DefaultOpen)) return;
  int side = static_cast<int>(brush.side());
  ImGui::TextUnformatted("brush:");
  ImGui::SameLine();
  ImGui::RadioButton("off", &side, 0);
  ImGui::SameLine();
  ImGui::RadioButton("P##brush", &side, 1);
  hits.brush_p = last_item();
  ImGui::SameLine();
  ImGui::RadioButton("Q##brush", &side, 2);
  hits.brush_q = last_item();
  brush.set_side(static_cast<BrushSide>(side));
  sync(brush);
  // Always shown, so the rows below keep their place when the brush is picked.
  ImGui::TextColored(theme_colours().dim,
                     "drag: draw \xc2\xb7 right/Ctrl-drag: erase \xc2\xb7 middle: pan");
  for (BrushSide b : {BrushSide::kP, BrushSide::kQ}) {
    auto& d = b == BrushSide::kP ? p_ : q_;
    ImGui::PushID(static_cast<int>(b));
    ImGui::Text("%s: %s", b == BrushSide::kP ? "P" : "Q", describe(d).c_str());
    if (!brush.points(b).empty()) {
      ImGui::SameLine();
      if (ImGui::SmallButton("clear")) brush.points(b).clear();
      if (d.kind != UserDistribution::Kind::kDrawn) {
        ImGui::SameLine();
        if (ImGui::SmallButton("use drawn")) follow_brush(d, brush.points(b), true);
      }
    } else if (d.kind == UserDistribution::Kind::kFile) {
      ImGui::SameLine();
      if (ImGui::SmallButton("N(0, I)")) d = {};
    }
    ImGui::PopID();
  }
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 5.5f);
  ImGui::InputTextWithHint("##datafile", "points .csv or density .png", file_, sizeof(file_));
  for (BrushSide b : {BrushSide::kP, BrushSide::kQ}) {
    ImGui::SameLine();
    if (ImGui::Button(b == BrushSide::kP ? "as P" : "as Q") && file_[0]) {
      auto& d = b == BrushSide::kP ? p_ : q_;
      const UserDistribution before = d;
      d = {UserDistribution::Kind::kFile, {}, file_};
      if (!train(s, brush, worker, log)) d = before;
    }
  }
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##scenedir", "scene directory (default scenes/drawn-<time>)", dir_,
                           sizeof(dir_));
  if (ImGui::Button("Train on drawn points")) train(s, brush, worker, log);
  hits.train_drawn = last_item();
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Writes P and Q (drawn points as a CSV, files copied) and a scene.json with "
        "the current settings into the directory, and trains on it");
  }
}

}  // namespace egeot::studio
