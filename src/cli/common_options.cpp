#include "cli/common_options.h"

#include "base/error.h"
#include "cli/validators.h"
#include "core/nets/langevin_sampler.h"

namespace egeot::cli {

CLI::Option* add_device_option(CLI::App* cmd, std::string& device, const std::string& help) {
  return cmd->add_option("--device", device, help)
      ->capture_default_str()
      ->check(one_of({"cpu", "cuda", "auto"}));
}

CLI::Option* add_seed_option(CLI::App* cmd, int64_t& seed, const std::string& help) {
  auto* option = cmd->add_option("--seed", seed, help);
  if (seed >= 0) option->capture_default_str();
  return option;
}

CLI::Option* add_checkpoint_option(CLI::App* cmd, std::string& dir, const std::string& help) {
  return cmd->add_option("--checkpoint", dir, help)->required();
}

void add_sampler_options(CLI::App* cmd, SamplerFlags& flags) {
  cmd->add_option("--sampler", flags.kind, "Chain kernel: ula, mala or hmc (default: the scene's)")
      ->check(one_of({"ula", "mala", "hmc"}));
  cmd->add_option("--leapfrog", flags.leapfrog, "hmc: leapfrog steps per proposal")
      ->check(integer_at_least(1));
  cmd->add_option("--step", flags.step, "hmc: leapfrog step; mala: proposal noise sqrt(h) (default: the scene's noise sigma)")
      ->check(number_above(0));
  cmd->add_option("--target-accept", flags.target_accept,
                  "mala/hmc: adapt the step towards this acceptance while warming up")
      ->check(number_inside(0, 1));
  cmd->add_option("--adapt-steps", flags.adapt_steps,
                  "mala/hmc: warm-up steps that adapt the step (default: half the run)")
      ->check(integer_at_least(0));
}

void apply_sampler_flags(const SamplerFlags& flags, LangevinSettings& settings) {
  if (!flags.kind.empty()) settings.kind = flags.kind;
  // A flag the kernel would ignore is refused rather than silently dropped.
  auto only_for = [&](bool given, const std::string& flag, bool applies, const std::string& which) {
    if (given && !applies) {
      throw InputError(flag + ": applies to " + which + " only (the sampler is " + settings.kind +
                       (settings.kind == "ula" ? ", whose step is the scene's noise sigma^2)" : ")"));
    }
  };
  const bool corrected = settings.kind != "ula";
  only_for(flags.leapfrog > 0, "--leapfrog", settings.kind == "hmc", "--sampler hmc");
  only_for(flags.step > 0, "--step", corrected, "--sampler mala or hmc");
  only_for(flags.target_accept > 0, "--target-accept", corrected, "--sampler mala or hmc");
  only_for(flags.adapt_steps >= 0, "--adapt-steps", corrected, "--sampler mala or hmc");
  if (flags.leapfrog > 0) settings.leapfrog = flags.leapfrog;
  if (flags.step > 0) settings.step = flags.step;
  if (flags.target_accept > 0) settings.target_accept = flags.target_accept;
  if (flags.adapt_steps >= 0) settings.adapt_steps = flags.adapt_steps;
}

}  // namespace egeot::cli
