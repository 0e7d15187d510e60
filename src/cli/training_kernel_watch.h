#pragma once
// What `egeot train` says about a Metropolis-corrected training sampler: a collapsed kernel
// hands the loss chains that sit at their starts, so the negatives are no samples of the
// model and training goes wrong quietly. The first collapse is reported when it happens, and
// a summary (mean acceptance, how many steps collapsed) when training ends. Nothing for ULA.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace egeot::cli {

class TrainingKernelWatch {
 public:
  // on_tty: a progress bar is being redrawn in place on `out`, so a line first ends it.
  TrainingKernelWatch(std::string kind, std::ostream& out, bool on_tty)
      : kind_(std::move(kind)), out_(out), on_tty_(on_tty) {}

  // One training step's sampler run: its acceptance per step (empty for ULA) and, when it
  // collapsed, the reason. Returns true when this step printed the first-collapse line.
  bool observe(int64_t iteration, const std::vector<double>& acceptance, bool collapsed,
               const std::string& reason);
  // The summary line(s); nothing when no step ran a Metropolis-corrected kernel.
  void finish();

  int64_t collapsed_steps() const { return collapsed_; }
  int64_t steps() const { return steps_; }
  double mean_acceptance() const { return steps_ ? acceptance_sum_ / steps_ : 0; }

 private:
  std::string kind_;
  std::ostream& out_;
  bool on_tty_;
  int64_t steps_ = 0, collapsed_ = 0, first_collapse_ = -1;
  double acceptance_sum_ = 0;
};

}  // namespace egeot::cli
