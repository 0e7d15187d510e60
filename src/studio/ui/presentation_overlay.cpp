#include "studio/ui/presentation_overlay.h"

#include <cstdio>

namespace egeot::studio {

void draw_presentation_overlay(const Snapshot* s, const viz::Rect& canvas, ImFont* large) {
  if (!s) return;
  char text[128];
  std::snprintf(text, sizeof(text), "\xce\xb5 = %.4g    iteration %lld", s->settings.eps,
                static_cast<long long>(s->iteration));
  ImFont* font = large ? large : ImGui::GetFont();
  const float size = font->FontSize;
  const ImVec2 extent = font->CalcTextSizeA(size, 1e9f, 0, text);
  const float pad = size * 0.4f;
  const ImVec2 at(float(canvas.x0) + 2 * pad, float(canvas.y1) - extent.y - 2 * pad);
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  draw->AddRectFilled(ImVec2(at.x - pad, at.y - pad * 0.5f),
                      ImVec2(at.x + extent.x + pad, at.y + extent.y + pad * 0.5f),
                      IM_COL32(0, 0, 0, 150), pad);
  draw->AddText(font, size, at, IM_COL32(245, 245, 250, 255), text);
}

}  // namespace egeot::studio
