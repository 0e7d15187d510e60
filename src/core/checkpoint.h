#pragma once
// A checkpoint is a directory: config.json (format, scene with every hyper-parameter,
// eps, seed, iteration, and the names of its files) beside potential-<iteration>.pt (the
// network), optimizer-<iteration>.pt (Adam's state) and chains-<iteration>.pt (the replay
// buffer, so a resumed run continues its persistent chains). Each file is written to a
// temporary and renamed; config.json is renamed last and is the commit point, so a save
// that fails part-way leaves the previous checkpoint whole.
#include "core/egeot_trainer.h"

#include <memory>
#include <string>

namespace egeot {

struct CheckpointConfig {
  Scene scene;
  int64_t iteration = 0;
  std::string weights;    // paths of the files config.json names
  std::string optimizer;
  std::string chains;     // the replay buffer's persistent chains
  std::string average;    // the weight average (scene optimizer.ema > 0); "" when none
};

void save_checkpoint(const std::string& dir, EgeotTrainer& trainer);

// Validates config.json (throws InputError naming the file and field).
CheckpointConfig read_checkpoint_config(const std::string& dir);

// Builds a trainer from the checkpoint's scene and loads its weights (and optimiser
// state when present). Weights whose names or shapes differ from the config's network
// are refused with an InputError, never silently reshaped.
std::unique_ptr<EgeotTrainer> load_checkpoint(const std::string& dir, torch::Device device);

// Loads weights from dir into an existing trainer whose architecture must match.
void load_weights(const std::string& dir, EgeotTrainer& trainer);

bool has_checkpoint(const std::string& dir);

}  // namespace egeot
