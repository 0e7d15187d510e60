#pragma once
// The right panel: training curves (loss, mean f(y+) and f(y-), Langevin drift and noise
// norms) from the snapshot, and the UI's own frame times.
#include "studio/protocol/snapshot.h"

#include <vector>

namespace egeot::studio {

class FrameTimes {
 public:
  void add(float ms);
  const std::vector<float>& index() const { return index_; }
  const std::vector<float>& ms() const { return ms_; }
  // Median of the recorded times (0 if none).
  float median() const;

 private:
  static constexpr size_t kKeep = 600;
  std::vector<float> index_, ms_;
  float next_ = 0;
};

// Draws inside the current ImGui window.
void draw_plots(const Snapshot& snapshot, const FrameTimes& frames);

}  // namespace egeot::studio
