#pragma once
// An image scene's generator being fitted (first use of a built-in generator): what the
// canvas shows instead of a model while the trainer thread is busy with the fit.
#include <cstdint>
#include <string>

namespace egeot::studio {

struct GeneratorFitView {
  std::string what;  // e.g. "fitting the built-in generator for scene fashion-sneaker-to-boot"
  int64_t iteration = 0, total = 0;
  double recon = 0, mmd = 0;          // the fit's losses on the last batch
  double elapsed = 0, remaining = 0;  // seconds; remaining extrapolated from the rate so far
  bool cancelling = false;            // Cancel was pressed; the fit stops at its next iteration
};

}  // namespace egeot::studio
