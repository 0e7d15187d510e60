#pragma once
// A generator loaded from a TorchScript file. The contract (documented in README.md):
// forward(z) takes z [B, z_dim] float32 and returns images [B, C, H, W] float32 in [0, 1];
// z_dim is read from the module's `z_dim` int attribute if present, else given by the caller.
#include "core/generators/generator.h"

#include <memory>
#include <string>

namespace egeot {

// Loads `file`, runs a probe batch (two batch sizes, so a batch size baked into a trace is
// caught) and throws InputError naming the file when the contract is broken.
std::shared_ptr<Generator> load_torchscript_generator(const std::string& file, torch::Device device,
                                                      int64_t z_dim = 0);

// Checks any generator against the contract with a probe batch; throws InputError naming origin.
void check_generator_contract(Generator& generator, const std::string& origin);

}  // namespace egeot
