#include "cli/kernel_report.h"

#include <iostream>

namespace egeot::cli {

void print_kernel_report(EgeotModel& model, const std::string& command) {
  const auto r = model.take_kernel_report();
  if (r.runs == 0) return;
  std::cerr << command << ": " << model.scene().sampler.kind << " acceptance " << r.acceptance
            << " (mean over " << r.runs << (r.runs == 1 ? " run" : " runs") << " after warm-up)\n";
  if (r.collapsed_runs > 0) {
    std::cerr << command << ": warning: " << r.reason;
    if (r.runs > 1) std::cerr << " (" << r.collapsed_runs << " of " << r.runs << " runs collapsed)";
    std::cerr << "\n";
  }
}

}  // namespace egeot::cli
