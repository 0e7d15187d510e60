#include "studio/ui/plots_panel.h"

#include "viz/imgui/line_plot.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace egeot::studio {

void FrameTimes::add(float ms) {
  index_.push_back(next_++);
  ms_.push_back(ms);
  if (ms_.size() > kKeep) {
    index_.erase(index_.begin());
    ms_.erase(ms_.begin());
  }
}

float FrameTimes::median() const {
  if (ms_.empty()) return 0;
  std::vector<float> sorted = ms_;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  return sorted[sorted.size() / 2];
}

void draw_plots(const Snapshot& s, const FrameTimes& frames) {
  const float h = ImGui::GetFontSize() * 7.5f;
  if (s.curves && !s.curves->iteration.empty()) {
    const auto& c = *s.curves;
    viz::line_plot("loss = mean f(y\xe2\x81\xbb) \xe2\x88\x92 mean f(y\xe2\x81\xba)", c.iteration,
                   {{&c.loss, IM_COL32(255, 200, 80, 255), "loss"}}, h);
    viz::line_plot("mean f (true units)", c.iteration,
                   {{&c.f_pos, IM_COL32(255, 90, 200, 255), "f(y\xe2\x81\xba)"},
                    {&c.f_neg, IM_COL32(120, 220, 255, 255), "f(y\xe2\x81\xbb)"}},
                   h);
    viz::line_plot("Langevin drift and noise |\xc2\xb7| per step", c.iteration,
                   {{&c.score_drift, IM_COL32(140, 255, 140, 255), "\xc2\xbd s\xe2\x88\x87g"},
                    {&c.cost_drift, IM_COL32(255, 150, 90, 255), "cost"},
                    {&c.noise, IM_COL32(200, 200, 200, 255), "\xcf\x83\xce\xbe"}},
                   h);
  } else {
    ImGui::TextDisabled(s.watch ? "training curves appear as metrics.csv rows land"
                                : "training curves appear once training runs");
  }
  if (s.truth_curve && !s.truth_curve->iteration.empty()) {
    const auto& t = *s.truth_curve;
    char title[160];
    std::snprintf(title, sizeof(title), "energy distance to truth, x = (%.2f, %.2f)", t.x[0],
                  t.x[1]);
    viz::line_plot(title, t.iteration,
                   {{&t.distance, IM_COL32(255, 110, 110, 255), "Langevin"},
                    {&t.baseline, IM_COL32(150, 150, 160, 255), "Q (ignores x)"}},
                   h);
  } else if (s.sinkhorn.state == SinkhornInfo::State::kSolving) {
    ImGui::TextDisabled("distance to the ground truth: Sinkhorn is solving\xe2\x80\xa6");
  }
  viz::line_plot("frame time (ms)", frames.index(),
                 {{&frames.ms(), IM_COL32(180, 180, 255, 255), "ms"}}, h * 0.8f);
}

}  // namespace egeot::studio
