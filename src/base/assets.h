#pragma once
// Finds files shipped in assets/ (scene presets, benchmark weights) without ../shared.
#include <string>

namespace egeot {

// $EGEOT_ASSETS if set, else the directory configured at build time.
std::string asset_dir();
std::string asset_path(const std::string& relative);

}  // namespace egeot
