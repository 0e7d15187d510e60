#include "core/train/checkpoint_data.h"

#include "base/atomic_file.h"
#include "base/error.h"
#include "base/file_checksum.h"

#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;

namespace egeot {
namespace {

constexpr const char* kPrefix = "data-";

// The entry's data file name when it is a distribution read from a file; "" otherwise.
std::string data_file(const nlohmann::json& side) {
  if (!side.is_object() || !side.contains("file") || !side["file"].is_string()) return "";
  const auto type = side.value("type", std::string());
  if (type != "points" && type != "density-image") return "";
  return side["file"].get<std::string>();
}

}  // namespace

nlohmann::json copy_scene_data(const std::string& dir, nlohmann::json scene,
                               std::vector<std::string>* files) {
  for (const char* role : {"source", "target"}) {
    if (!scene.contains(role)) continue;
    const std::string from = data_file(scene[role]);
    if (from.empty()) continue;
    const FileDigest digest = digest_file(from);
    char crc[9];
    std::snprintf(crc, sizeof(crc), "%08x", digest.crc32);
    const std::string name =
        std::string(kPrefix) + role + "-" + crc + fs::path(from).extension().string();
    const std::string to = dir + "/" + name;
    std::error_code ec;
    bool present = false;
    if (fs::is_regular_file(to, ec)) {
      const FileDigest there = digest_file(to);
      present = there.bytes == digest.bytes && there.crc32 == digest.crc32;
    }
    if (!present) {
      write_atomically(to, [&](const std::string& tmp) {
        fs::copy_file(from, tmp, fs::copy_options::overwrite_existing, ec);
        if (ec) throw InputError(from + ": cannot copy it into " + dir + " (" + ec.message() + ")");
      });
    }
    scene[role]["file"] = name;
    files->push_back(name);
  }
  return scene;
}

std::vector<std::string> scene_data_names(const nlohmann::json& scene) {
  std::vector<std::string> names;
  if (!scene.is_object()) return names;
  for (const char* role : {"source", "target"}) {
    if (!scene.contains(role)) continue;
    const std::string file = data_file(scene[role]);
    // Relative names are copies; an absolute one is a checkpoint from before copies were kept.
    if (!file.empty() && !fs::path(file).is_absolute()) names.push_back(file);
  }
  return names;
}

bool is_scene_data_name(const std::string& name) { return name.rfind(kPrefix, 0) == 0; }

}  // namespace egeot
