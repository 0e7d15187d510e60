#pragma once
// The flags many subcommands share, each defined here once, so that its name, help text and
// checks are the same in every command that takes it. --eps and --eps-range: eps_options.h.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace egeot {
struct LangevinSettings;
}

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

// --sampler ula|mala|hmc, --leapfrog L, --step H, --target-accept A, --adapt-steps N: the
// chain's kernel (langevin_sampler.h), each refused while parsing when out of range. Values
// outside the valid ranges stand for "not given": only the flags given replace the scene's.
struct SamplerFlags {
  std::string kind;
  int64_t leapfrog = 0;
  double step = 0;
  double target_accept = 0;
  int64_t adapt_steps = -1;
};
void add_sampler_options(CLI::App* cmd, SamplerFlags& flags);
// The given flags written over `settings` (a scene's sampler). Throws InputError naming a flag
// the resulting kernel would ignore (--leapfrog without hmc, --step etc. with ula).
void apply_sampler_flags(const SamplerFlags& flags, LangevinSettings& settings);

}  // namespace egeot::cli
