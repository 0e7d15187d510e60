#pragma once
// Evaluation may draw with its own kernel (MALA, say), while the training chains must keep
// the scene's: swaps the model's kernel for a scope and puts the scene's back.
#include "core/model/egeot_model.h"

#include <optional>

namespace egeot {

class KernelSwap {
 public:
  KernelSwap(EgeotModel& model, const std::optional<LangevinSettings>& kernel)
      : model_(model), kept_(model.scene().sampler) {
    if (kernel) model_.set_sampler_kernel(*kernel);
  }
  ~KernelSwap() { model_.set_sampler_kernel(kept_); }
  KernelSwap(const KernelSwap&) = delete;
  KernelSwap& operator=(const KernelSwap&) = delete;

 private:
  EgeotModel& model_;
  LangevinSettings kept_;
};

}  // namespace egeot
