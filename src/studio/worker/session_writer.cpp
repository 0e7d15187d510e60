#include "studio/worker/session_writer.h"

#include "base/atomic_file.h"
#include "base/error.h"
#include "base/json_fields.h"
#include "core/scenes/scene.h"
#include "core/train/checkpoint.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2
#include <unistd.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace egeot::studio {
namespace {

// Copies the data file a distribution names ("file": points, a density image) into tmp/data
// and returns the copy's name ("" when there is none).
std::string copy_data_file(const nlohmann::json& spec, const std::string& role, const fs::path& tmp) {
  if (!spec.is_object() || !spec.contains("file") || !spec["file"].is_string()) return "";
  const std::string type = spec.value("type", std::string());
  if (type != "points" && type != "density-image") return "";  // others resolve from the cwd
  const fs::path from = spec["file"].get<std::string>();
  std::error_code ec;
  if (!fs::is_regular_file(from, ec)) return "";
  const std::string name = role + "-" + from.filename().string();
  fs::create_directories(tmp / "data");
  fs::copy_file(from, tmp / "data" / name, fs::copy_options::overwrite_existing);
  return name;
}

// Puts the complete tmp at target. An existing session is exchanged in one step where the
// kernel allows it (renameat2), else moved aside first; the old one is then removed.
void swap_into_place(const fs::path& tmp, const fs::path& target) {
  std::error_code ec;
  if (!fs::exists(target, ec)) {
    fs::rename(tmp, target);
    return;
  }
#ifdef RENAME_EXCHANGE
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
    fs::remove_all(tmp, ec);  // now the old session
    return;
  }
#endif
  const fs::path old = target.string() + ".old-" + std::to_string(::getpid());
  fs::remove_all(old, ec);
  fs::rename(target, old);
  try {
    fs::rename(tmp, target);
  } catch (...) {
    fs::rename(old, target, ec);
    throw;
  }
  fs::remove_all(old, ec);
}

}  // namespace

void write_session(const std::string& dir, const std::string& session_json, EgeotTrainer& trainer) {
  if (dir.empty()) throw InputError("session: no directory given");
  const fs::path target = fs::absolute(fs::path(dir)).lexically_normal();
  std::error_code ec;
  if (fs::exists(target, ec)) {
    if (!fs::is_directory(target, ec)) throw InputError(dir + ": exists and is not a directory");
    if (!fs::is_empty(target, ec) && !fs::exists(target / kSessionFile, ec)) {
      throw InputError(dir + ": a directory that is not a session (no " + kSessionFile +
                       "); nothing was overwritten");
    }
  }
  const fs::path tmp =
      target.parent_path() / (target.filename().string() + ".tmp-" + std::to_string(::getpid()));
  fs::remove_all(tmp, ec);
  try {
    fs::create_directories(tmp);
    save_checkpoint((tmp / kSessionCheckpoint).string(), trainer);
    // The copies stand in for the originals: scene.json names them relative to itself (as
    // scene files resolve data files); the checkpoint keeps copies of its own.
    nlohmann::json scene = scene_to_json(trainer.scene());
    for (const char* role : {"source", "target"}) {
      const std::string name = copy_data_file(scene[role], role, tmp);
      if (name.empty()) continue;
      scene[role]["file"] = "data/" + name;
    }
    write_text_atomically((tmp / "scene.json").string(), scene.dump(2) + "\n");
    write_text_atomically((tmp / kSessionFile).string(), session_json);  // last: the whole is there
    swap_into_place(tmp, target);
  } catch (const std::exception& e) {
    fs::remove_all(tmp, ec);
    throw InputError(dir + ": cannot write the session (" + short_reason(e) +
                     "); nothing was overwritten");
  }
}

}  // namespace egeot::studio
