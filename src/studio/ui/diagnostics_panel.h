#pragma once
// "Sampler diagnostics": runs the chosen kernel (ULA, MALA, HMC) from three starts for the
// selected query on the trainer thread and shows its acceptance, split-R̂ and TV to the grid
// density over steps, with a warning when the chains do not mix or acceptance collapsed. Its
// switch is the canvas layer that draws those chains coloured by start.
#include "studio/protocol/snapshot.h"
#include "studio/ui/ui_state.h"

#include <string>

namespace egeot::studio {

class TrainingWorker;

class DiagnosticsPanel {
 public:
  // Draws inside the current ImGui window; sends the request when it changed.
  void draw(const Snapshot& snapshot, UiState& ui, TrainingWorker& worker);
  // The kernel chosen by flags, sent at once (the panel may stay hidden, in canvas-only mode).
  void choose(const std::string& kind, double step, int64_t leapfrog, bool enabled,
              TrainingWorker& worker);

 private:
  cmd::SetDiagnostics sent_;
  cmd::SetDiagnostics wanted_;
  bool first_ = true;
};

}  // namespace egeot::studio
