#include "studio/ui/canvas_overlay.h"

#include "studio/protocol/palette.h"
#include "viz/imgui/canvas_axes.h"
#include "viz/imgui/colour_bar.h"
#include "viz/plot/covariance_ellipse.h"

#include <imgui.h>

#include <cstdio>
#include <vector>

namespace egeot::studio {
namespace {

void draw_queries(ImDrawList* draw, const viz::CanvasView& view, const UiState& ui, float scale) {
  for (size_t i = 0; i < ui.queries.size(); ++i) {
    const auto s = view.to_screen({ui.queries[i][0], ui.queries[i][1]});
    const ImVec2 c(float(s.x), float(s.y));
    const ImU32 colour = palette::query(int(i));
    const float r = 6 * scale;
    draw->AddCircleFilled(c, r + 2 * scale, IM_COL32(0, 0, 0, 200));
    draw->AddCircleFilled(c, r, colour);
    if (int(i) == ui.selected) draw->AddCircle(c, r + 5 * scale, IM_COL32_WHITE, 0, 2 * scale);
  }
}

// The closed-form conditional of each query: 1 sigma (solid) and 2 sigma (fainter) contours
// in the query's colour over a dark edge, so they read on any heat map.
void draw_closed_form(ImDrawList* draw, const viz::CanvasView& view, const Snapshot& s,
                      float scale) {
  std::vector<ImVec2> screen;
  for (size_t q = 0; q < s.closed_form.size(); ++q) {
    const auto& g = s.closed_form[q];
    for (double k : {2.0, 1.0}) {
      screen.clear();
      for (const auto& p : viz::covariance_ellipse({g.mean[0], g.mean[1]}, g.cov, k, 72)) {
        const auto v = view.to_screen(p);
        screen.emplace_back(float(v.x), float(v.y));
      }
      if (screen.size() < 3) continue;
      const float width = (k == 1.0 ? 2.0f : 1.5f) * scale;
      draw->AddPolyline(screen.data(), int(screen.size()), IM_COL32(0, 0, 0, 170),
                        ImDrawFlags_Closed, width + 2 * scale);
      draw->AddPolyline(screen.data(), int(screen.size()),
                        palette::query(int(q), k == 1.0 ? 255 : 170), ImDrawFlags_Closed, width);
    }
    const auto m = view.to_screen({g.mean[0], g.mean[1]});
    draw->AddCircleFilled(ImVec2(float(m.x), float(m.y)), 2.5f * scale, palette::query(int(q)));
  }
}

void caption(ImDrawList* draw, const viz::Rect& r, const Snapshot& s, const UiState& ui) {
  char text[256];
  const auto& L = s.landscape;
  if (L && L->has_x && ui.mode != LandscapeMode::kPotential) {
    std::snprintf(text, sizeof(text), "%s for x = (%.3f, %.3f)   iteration %lld   \xce\xb5 = %.4g",
                  ui.mode == LandscapeMode::kEnergy ? "E\xe2\x82\x93(y)" : "\xcf\x80(y|x)", L->x[0],
                  L->x[1], static_cast<long long>(L->iteration), s.settings.eps);
  } else {
    std::snprintf(text, sizeof(text), "f(y)   iteration %lld   \xce\xb5 = %.4g",
                  static_cast<long long>(L ? L->iteration : s.iteration), s.settings.eps);
  }
  const ImVec2 at(float(r.x0) + 10, float(r.y0) + 8);
  draw->AddText(ImVec2(at.x + 1, at.y + 1), IM_COL32(0, 0, 0, 200), text);
  draw->AddText(at, IM_COL32(240, 240, 245, 255), text);
}

void hover(const viz::CanvasView& view, const Snapshot& s) {
  const ImGuiIO& io = ImGui::GetIO();
  const viz::Vec2 mouse{io.MousePos.x, io.MousePos.y};
  if (!view.viewport().contains(mouse) || io.WantCaptureMouse) return;
  const auto w = view.to_world(mouse);
  ImGui::BeginTooltip();
  ImGui::Text("y = (%.4f, %.4f)", w.x, w.y);
  if (const auto& L = s.landscape) {
    float v = 0;
    if (L->energy && L->energy->sample(w.x, w.y, &v)) {
      ImGui::Text("E\xe2\x82\x93(y) = %.4g", v);
    }
    if (L->density && L->density->sample(w.x, w.y, &v)) ImGui::Text("\xcf\x80(y|x) = %.4g", v);
    if (L->potential && L->potential->sample(w.x, w.y, &v)) ImGui::Text("f(y) = %.4g", v);
  }
  ImGui::EndTooltip();
}

}  // namespace

void draw_canvas_overlay(const viz::CanvasView& view, const Snapshot* s, const HeatField& field,
                         const UiState& ui, float scale, bool show_hover) {
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  const viz::Rect& r = view.viewport();
  if (ui.layers[Layer::kAxes]) viz::draw_canvas_axes(draw, view);
  if (!s) {
    draw->AddText(ImVec2(float(r.x0) + 20, float(r.y0) + 20), IM_COL32_WHITE,
                  "starting the trainer\xe2\x80\xa6");
    return;
  }
  if (ui.layers[Layer::kTruthClosedForm]) draw_closed_form(draw, view, *s, scale);
  if (ui.layers[Layer::kQueries]) draw_queries(draw, view, ui, scale);
  if (ui.layers[Layer::kLandscape] && field.grid) {
    if (!ui.canvas_only) caption(draw, r, *s, ui);  // presentation writes its own
    if (ui.layers[Layer::kColourBar]) {
      const ImVec2 size(14 * scale, float(std::min(260.0 * scale, r.height() * 0.45)));
      const ImVec2 p0(float(r.x1) - size.x - 14 * scale, float(r.y0) + 40 * scale);
      viz::colour_bar(draw, p0, size, ui.colormap, field.lo, field.hi, field.title);
    }
  }
  if (show_hover) hover(view, *s);
}

}  // namespace egeot::studio
