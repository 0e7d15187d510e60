#include "cli/training_kernel_watch.h"

#include <ostream>

namespace egeot::cli {

bool TrainingKernelWatch::observe(int64_t iteration, const std::vector<double>& acceptance,
                                  bool collapsed, const std::string& reason) {
  if (acceptance.empty()) return false;
  double mean = 0;
  for (double a : acceptance) mean += a;
  acceptance_sum_ += mean / static_cast<double>(acceptance.size());
  ++steps_;
  if (!collapsed) return false;
  ++collapsed_;
  if (first_collapse_ >= 0) return false;
  first_collapse_ = iteration;
  if (on_tty_) out_ << "\n";
  out_ << "egeot train: warning: iteration " << iteration << ": " << reason << "\n";
  return true;
}

void TrainingKernelWatch::finish() {
  if (steps_ == 0) return;
  out_ << "egeot train: " << kind_ << " acceptance " << mean_acceptance() << " (mean over "
       << steps_ << " training steps)\n";
  if (collapsed_ > 0) {
    out_ << "egeot train: warning: the " << kind_ << " sampler collapsed in " << collapsed_
         << " of " << steps_ << " training steps (first at iteration " << first_collapse_
         << "): those steps' negatives sat at their starts\n";
  }
}

}  // namespace egeot::cli
