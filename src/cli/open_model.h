#pragma once
// How the commands that only sample (sample, eval, translate) open a checkpoint: the device
// --device names, then the model alone (the weight average when there is one; no optimiser,
// no replay buffer). Training and `bench translate` step the trainer, so they load the whole
// checkpoint with load_checkpoint instead.
#include "cli/common_options.h"
#include "core/model/egeot_model.h"

#include <memory>
#include <string>

namespace egeot::cli {

// InputError naming the flag or the file when the device or the checkpoint will not do.
std::unique_ptr<EgeotModel> open_model(const std::string& dir, const std::string& device_flag);
// The same with the chain's kernel as the sampler flags say (the scene's where none is given).
std::unique_ptr<EgeotModel> open_model(const std::string& dir, const std::string& device_flag,
                                       const SamplerFlags& sampler);

}  // namespace egeot::cli
