#include "cli/common_options.h"

#include "cli/validators.h"

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

}  // namespace egeot::cli
