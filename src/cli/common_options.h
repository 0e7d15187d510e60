#pragma once
// The flags many subcommands share, each defined here once, so that its name, help text and
// checks are the same in every command that takes it. --eps and --eps-range: eps_options.h.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace egeot::cli {

// --device: cpu, cuda or auto, refused while parsing when it is none of them (whether this
// LibTorch has CUDA is pick_device's to say, when the command runs).
CLI::Option* add_device_option(CLI::App* cmd, std::string& device,
                               const std::string& help = "cpu, cuda or auto");

// --seed. A negative default stands for "not given" (train: the scene's own seed), so it is
// not shown in the help as if it were a seed.
CLI::Option* add_seed_option(CLI::App* cmd, int64_t& seed, const std::string& help = "Random seed");

// --checkpoint, required: the directory a training run wrote.
CLI::Option* add_checkpoint_option(CLI::App* cmd, std::string& dir,
                                   const std::string& help = "Checkpoint directory");

}  // namespace egeot::cli
