#pragma once
// The sampler diagnostics of the selected query, as the trainer thread computed them
// (eval/sampler_diagnostics.h): chains from three starts, their acceptance, split-R̂ and TV to
// the learned f's grid density over steps, and the chains themselves coloured by start, so a
// sampler that does not mix shows as colours that stay apart.
#include "studio/protocol/command.h"
#include "viz/plot/colored_points.h"

#include <memory>
#include <string>
#include <vector>

namespace egeot::studio {

struct SamplerDiagnosticsView {
  cmd::SetDiagnostics request;  // what was asked for
  Point2 x{0, 0};
  int64_t iteration = -1;  // the model state they show
  int64_t steps = 0, chains = 0;
  double step = 0;              // the kernel's final step
  double mean_acceptance = -1;  // second half; -1 for ULA
  double rhat = 0, ess = 0, tv_floor = -1;
  bool collapsed = false;
  std::string collapse_reason;
  std::vector<float> step_index, acceptance;  // per step (empty for ULA)
  std::vector<float> curve_steps, rhat_curve, tv_curve;
  std::shared_ptr<const viz::Polylines> chains_by_start;
  double seconds = 0;   // what computing them took
  std::string message;  // why there are none (no query, not 2D, an error)
};

// Colours of the three start groups: near x, on Q, far away.
inline uint32_t start_colour(int group, uint8_t alpha = 255) {
  static const uint8_t colours[][3] = {{80, 255, 140}, {190, 130, 255}, {255, 205, 60}};
  const auto& c = colours[group % 3];
  return viz::rgba(c[0], c[1], c[2], alpha);
}

}  // namespace egeot::studio
