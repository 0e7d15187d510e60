#include "studio/worker/image_scene_hint.h"

#include "core/scenes/scene.h"

#include <filesystem>

namespace egeot::studio {

std::string image_scene_hint(const std::string& name_or_file) {
  namespace fs = std::filesystem;
  Scene scene;
  try {
    scene = load_scene(name_or_file);
  } catch (const std::exception&) {
    return "";
  }
  if (!scene.image_scene()) return "";
  std::string hint;
  auto add = [&](const std::string& line) { hint += (hint.empty() ? "" : "; ") + line; };
  std::error_code ec;
  if (scene.source.value("dataset", std::string()) == "afhq") {
    const std::string root = scene.source.value("root", std::string("afhq"));
    if (!fs::is_directory(fs::path(root) / "train", ec) || !fs::is_directory(fs::path(root) / "val", ec)) {
      add("AFHQ images missing: download AFHQ from https://github.com/clovaai/stargan-v2 and "
          "unpack it so that " + root + "/{train,val}/{cat,dog,wild}/*.jpg exist");
    }
  }
  if (scene.generator.contains("path")) {
    const std::string path = scene.generator.value("path", std::string());
    if (!fs::exists(path, ec)) {
      add("generator " + path + " missing: export a StyleGAN2-ADA network pickle with "
          "`python3 scripts/export-stylegan2.py --pkl NETWORK.pkl --out " + path + "`");
    }
  }
  return hint;
}

}  // namespace egeot::studio
