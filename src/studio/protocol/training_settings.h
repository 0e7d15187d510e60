#pragma once
// The hyper-parameters the studio's controls edit, as plain values (no torch): the UI edits
// a copy and sends it; the trainer thread maps it onto a Scene.
#include <cstdint>
#include <string>
#include <vector>

namespace egeot::studio {

struct TrainingSettings {
  double eps = 0.1;
  std::vector<int64_t> widths{128, 128, 128};
  int64_t batch = 256;
  int64_t langevin_steps = 20;
  double noise = 0.05;      // sigma; the ULA step is sigma^2
  double score_coef = 1.0;  // s
  double replay_probability = 0.95;
  double lr = 1e-3;
  int64_t seed = 0;
  // Read-only facts about the running model, shown beside the eps slider (not edited).
  double eps_min = 0, eps_max = 0;  // an eps-conditioned model's trained range; 0, 0: single eps
  int64_t eps_changed_at = -1;      // single eps: iteration of the last eps change (warm start)
  // The scene's learning-rate schedule (lr_final 0: none), shown under the lr slider.
  double lr_final = 0;
  int64_t lr_decay_iters = 0;

  bool operator==(const TrainingSettings& o) const {
    return eps == o.eps && widths == o.widths && batch == o.batch &&
           langevin_steps == o.langevin_steps && noise == o.noise && score_coef == o.score_coef &&
           replay_probability == o.replay_probability && lr == o.lr && seed == o.seed &&
           eps_min == o.eps_min && eps_max == o.eps_max && eps_changed_at == o.eps_changed_at &&
           lr_final == o.lr_final && lr_decay_iters == o.lr_decay_iters;
  }
  bool operator!=(const TrainingSettings& o) const { return !(*this == o); }
};

}  // namespace egeot::studio
