#pragma once
// A copy of everything a training run is (live weights, their average, Adam's moments, the
// replay buffer's chains, the iteration), held in memory so a run that went wrong can be
// put back exactly as it was, without touching the files on disk.
#include "core/train/egeot_trainer.h"

#include <string>
#include <vector>

namespace egeot {

struct TrainerState {
  int64_t iteration = -1;  // -1: nothing captured
  std::vector<torch::Tensor> live;     // parameters and buffers, in named order
  std::vector<torch::Tensor> average;  // the weight average's, when the scene keeps one
  std::string optimizer;               // Adam's state, serialised
  ReplayBuffer::State buffer;          // deep copies
  bool empty() const { return iteration < 0; }
};

TrainerState capture_state(EgeotTrainer& trainer);
// The trainer must be the one captured (same network shapes and optimiser parameters).
void restore_state(EgeotTrainer& trainer, const TrainerState& state);

// Whether every weight (live and average) is finite.
bool weights_finite(EgeotTrainer& trainer);

}  // namespace egeot
