#pragma once
// A checkpoint is a directory: config.json (format, scene with every hyper-parameter,
// eps, seed, iteration, and the names of its files) beside potential-<iteration>.pt (the
// network), optimizer-<iteration>.pt (Adam's state) and chains-<iteration>.pt (the replay
// buffer, so a resumed run continues its persistent chains). Each file is written to a
// temporary and renamed; config.json is renamed last and is the commit point, so a save
// that fails part-way (or is killed) leaves the previous checkpoint whole. config.json's
// "files" records each file's size and CRC-32 (file_checksum.h), checked before it is read.
#include "core/train/egeot_trainer.h"

#include <memory>
#include <string>
#include <vector>

namespace egeot {

struct CheckpointConfig {
  Scene scene;
  int64_t iteration = 0;
  std::string weights;    // paths of the files config.json names
  std::string optimizer;
  std::string chains;     // the replay buffer's persistent chains
  std::string average;    // the weight average (scene optimizer.ema > 0); "" when none
  // For the user, not errors: e.g. that an old checkpoint's files could not be verified.
  std::vector<std::string> notes;
};

void save_checkpoint(const std::string& dir, EgeotTrainer& trainer);

// Validates config.json and the size and checksum of every file it names (throws InputError
// naming the file and what is wrong); a checkpoint from before checksums gives a note.
CheckpointConfig read_checkpoint_config(const std::string& dir);

// Builds a trainer from the checkpoint's scene and loads its weights (and optimiser
// state when present), to train on. Weights whose names or shapes differ from the config's
// network are refused with an InputError, never silently reshaped; so are files that are
// damaged or hold NaN or infinite values. Notes go to emit_note (notes.h). cost: the scene's
// when null (make_scene_cost: an image scene loads, or first fits, its generator).
std::unique_ptr<EgeotTrainer> load_checkpoint(const std::string& dir, torch::Device device,
                                              std::shared_ptr<const Cost> cost = nullptr);

// The model alone, to sample, evaluate or translate with: the weight average when the
// checkpoint has one, else its weights; no optimiser, no replay buffer. Checks as above.
std::unique_ptr<EgeotModel> load_model(const std::string& dir, torch::Device device,
                                       std::shared_ptr<const Cost> cost = nullptr);

// Loads weights from dir into an existing trainer whose architecture must match.
void load_weights(const std::string& dir, EgeotTrainer& trainer);

bool has_checkpoint(const std::string& dir);

}  // namespace egeot
