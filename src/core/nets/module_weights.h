#pragma once
// Saving and loading a network's parameters by their flat dotted names ("net.0.weight"), so
// every tensor is checked by name, shape and finiteness before any is copied: a file of
// another architecture is refused and leaves the network as it was. Used by checkpoints,
// egeot's own generator and the classifier.
#include <torch/nn/module.h>

#include <string>

namespace egeot {

// Written to a temporary and renamed (atomic_file.h); tensors stored on the CPU.
void save_module_weights(const std::string& path, const torch::nn::Module& module);

// owner names what the weights belong to in messages ("the checkpoint", "the generator").
// Throws InputError naming path when it is missing, unreadable, lacks a tensor, or holds one
// of another shape or with NaN/inf values; then nothing was copied.
void load_module_weights(const std::string& path, torch::nn::Module& module,
                         const std::string& owner);

}  // namespace egeot
