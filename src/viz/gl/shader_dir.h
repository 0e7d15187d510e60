#pragma once
// Where shaders/ is: $EGEOT_SHADERS, else the directory configured at build time
// (EGEOT_SHADER_DIR), else the source tree's (EGEOT_SOURCE_SHADER_DIR). Files are read at
// run time, so editing a shader and pressing "Reload shaders" shows the change.
#include <string>
#include <vector>

namespace egeot::viz {

// The candidate directories in the order they are tried.
std::vector<std::string> shader_dir_candidates();
// The first candidate holding `probe` (e.g. "heatmap.vert"); empty if none does.
std::string find_shader_dir(const std::string& probe);

}  // namespace egeot::viz
