#include "base/assets.h"

#include <cstdlib>

namespace egeot {

std::string asset_dir() {
  if (const char* env = std::getenv("EGEOT_ASSETS"); env && *env) return env;
  return EGEOT_ASSET_DIR;
}

std::string asset_path(const std::string& relative) { return asset_dir() + "/" + relative; }

}  // namespace egeot
