#include "studio/ui/watch_banner.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace egeot::studio {
namespace {

std::string age(double seconds) {
  const double s = std::max(0.0, seconds);
  if (s < 120) return std::to_string(int64_t(std::floor(s))) + " s";
  if (s < 2 * 3600) return std::to_string(int64_t(std::floor(s / 60))) + " min";
  return std::to_string(int64_t(std::floor(s / 3600))) + " h";
}

}  // namespace

std::string watch_status_text(const WatchView& w, double now) {
  std::string text = "watching " + w.dir + " (read-only) \xc2\xb7 ";
  if (w.state == WatchView::State::kWaiting) {
    text += "waiting for the first checkpoint";
  } else {
    text += "checkpoint at iteration " + std::to_string(w.checkpoint_iteration) +
            " \xc2\xb7 written " + age(now - w.written_at) + " ago";
    if (w.state == WatchView::State::kStalled) {
      text += " \xc2\xb7 no new checkpoint for " + age(now - w.newest_written_at);
    }
  }
  if (w.metrics_rows > 0) {
    text += " \xc2\xb7 metrics to iteration " + std::to_string(w.metrics_iteration);
  }
  if (w.rows_not_plotted > 0) {
    text += " \xc2\xb7 " + std::to_string(w.rows_not_plotted) + " diverged metrics row" +
            (w.rows_not_plotted == 1 ? "" : "s") + " (from iteration " +
            std::to_string(w.first_not_plotted) + ") not plotted";
  }
  return text;
}

void draw_watch_banner(const WatchView& w, const viz::Rect& area, float scale) {
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string status = watch_status_text(w, now);
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  // The text wraps clear of the colour bar.
  const float pad = 6 * scale, wrap = std::max(200.0f, float(area.width()) - 110 * scale);
  ImVec2 at(float(area.x0) + 10 * scale, float(area.y0) + 30 * scale);  // under the caption
  // Amber when something needs a look: no checkpoint yet, a stall, or diverged rows.
  const ImU32 ground = w.state == WatchView::State::kLive && w.rows_not_plotted == 0
                           ? IM_COL32(20, 60, 110, 215)
                           : IM_COL32(110, 80, 10, 225);
  const auto line = [&](const std::string& text, ImU32 colour) {
    const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    draw->AddRectFilled(ImVec2(at.x - pad, at.y - pad * 0.5f),
                        ImVec2(at.x + size.x + pad, at.y + size.y + pad * 0.5f), colour, pad);
    draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at, IM_COL32(245, 245, 250, 255),
                  text.c_str(), nullptr, wrap);
    at.y += size.y + 2 * pad;
  };
  line(status, ground);
  if (!w.problem.empty()) line(w.problem, IM_COL32(120, 20, 24, 235));
}

}  // namespace egeot::studio
