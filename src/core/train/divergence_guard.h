#pragma once
// Catches a training run that is blowing up, puts the model back as it was before, and says
// why in one line a student can act on. A model whose loss is 1e20 is an error state, not a
// result: callers never save or draw it.
//
// Signs of divergence, each checked after every step:
//   - a non-finite loss, f, gradient or chain (and, when a state is kept, a non-finite weight);
//   - chains far outside the data: |y| beyond the data's radius plus `support_scales` times
//     its spread (chains start at the source or the prior and the target pulls them in; a
//     healthy ULA chain's excursions are a few noise lengths);
//   - |f| grown `f_growth` times beyond both the cost's scale E c(x, y) (x ~ P, y ~ Q
//     independent: a dual potential varies by at most the cost's range over the data) and
//     the largest |f| seen up to the last kept state.
// The trainer's whole state is kept in memory every `keep_every` iterations; on divergence the
// older of the last two kept states is restored, since the newer one may already lie on the
// way out. The cause is then measured (step_stability.h) along the restored state's chains,
// under the weights that diverged (while finite: they show how sharp training made the
// energy) and the restored ones: if a Langevin step stretches chains near ULA's limit, the
// noise sigma is too large for the energy's curvature; otherwise the potential sharpened faster
// than the chains could follow, and the learning rate is too large.
#include "core/train/egeot_trainer.h"
#include "core/train/trainer_state.h"

#include <optional>
#include <string>

namespace egeot {

// The cost's scale E|c(x, y)|, x ~ P, y ~ Q independent (`samples` of each, on device), that |f|
// is judged against; 1 when it is not a positive finite number.
double cost_scale(EgeotModel& model, int64_t samples, torch::Device device);

struct GuardSettings {
  int64_t keep_every = 50;
  double support_scales = 20;
  double f_growth = 1e3;
};

// A change of one scene setting that should make the run stable.
struct Suggestion {
  std::string field;  // "sampler.noise" or "optimizer.lr"
  double from = 0, to = 0;
  std::string text() const;  // "sampler.noise 0.3 -> 0.12"
};

struct Divergence {
  int64_t iteration = 0;    // the step that showed it
  int64_t restored_to = 0;  // the iteration of the state put back
  std::string sign;         // what was seen
  std::string cause;        // why, in terms of the settings
  Suggestion suggestion;
  double stretch = 0;       // the Langevin step's stretch rho at the restored state
  std::string message() const;  // one line: sign, restored iteration, cause, suggestion
};

class DivergenceGuard {
 public:
  // Keeps the trainer's current state as the first good one.
  explicit DivergenceGuard(EgeotTrainer& trainer, GuardSettings settings = {});

  // One training step. On divergence the trainer is back at the last good state (stats then
  // describe the step that diverged, not a result) and the Divergence says what happened.
  std::optional<Divergence> step(StepStats& stats);

  EgeotTrainer& trainer() { return trainer_; }
  int64_t last_good_iteration() const;
  double chain_bound() const { return chain_bound_; }
  double cost_scale() const { return cost_scale_; }

  // For tests: the check alone on a step's figures ("" when healthy).
  std::string sign_of(const StepStats& stats) const;

 private:
  void keep();
  Divergence diagnose(int64_t iteration, const std::string& sign);

  EgeotTrainer& trainer_;
  GuardSettings settings_;
  double chain_bound_ = 0;
  double data_radius_ = 0;
  double cost_scale_ = 0;
  double f_seen_ = 0;  // largest |f| since the last kept state
  double f_kept_ = 0;  // largest |f| up to the last kept state
  TrainerState older_, newer_;
};

}  // namespace egeot
