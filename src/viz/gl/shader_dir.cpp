#include "viz/gl/shader_dir.h"

#include <cstdlib>
#include <filesystem>

namespace egeot::viz {

std::vector<std::string> shader_dir_candidates() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("EGEOT_SHADERS"); env && *env) dirs.emplace_back(env);
  dirs.emplace_back(EGEOT_SHADER_DIR);
  if (std::string(EGEOT_SOURCE_SHADER_DIR) != EGEOT_SHADER_DIR) {
    dirs.emplace_back(EGEOT_SOURCE_SHADER_DIR);
  }
  return dirs;
}

std::string find_shader_dir(const std::string& probe) {
  for (const auto& dir : shader_dir_candidates()) {
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::path(dir) / probe, ec)) return dir;
  }
  return {};
}

}  // namespace egeot::viz
