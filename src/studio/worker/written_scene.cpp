#include "studio/worker/written_scene.h"

#include <filesystem>

namespace egeot::studio {

namespace fs = std::filesystem;

bool remove_written_scene(const std::string& dir) {
  static const char* const kWritten[] = {"scene.json", "p.csv", "p.png", "q.csv", "q.png"};
  std::error_code ec;
  if (!fs::is_directory(dir, ec) || !fs::is_regular_file(fs::path(dir) / "scene.json", ec)) return false;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    bool ours = entry.is_regular_file(ec);
    bool known = false;
    for (const char* w : kWritten) known = known || name == w;
    if (!ours || !known) return false;
  }
  if (ec) return false;
  fs::remove_all(dir, ec);
  return !ec;
}

}  // namespace egeot::studio
