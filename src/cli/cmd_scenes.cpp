#include "cli/commands.h"
#include "core/scenes/scene.h"

#include <iostream>

namespace egeot::cli {

void add_scenes_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("scenes", "List the scene presets (assets/scenes/*.json)");
  cmd->callback([] {
    for (const auto& p : list_presets()) {
      std::printf("%-20s %s\n", p.name.c_str(), p.description.c_str());
    }
  });
}

}  // namespace egeot::cli
