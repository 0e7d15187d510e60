#include "studio/ui/user_scene.h"

#include "base/atomic_file.h"
#include "base/error.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

namespace egeot::studio {
namespace {

namespace fs = std::filesystem;

std::string lower_extension(const std::string& file) {
  std::string ext = fs::path(file).extension().string();
  for (auto& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// The side's scene entry; writes its data file into dir as `stem` plus the right extension.
nlohmann::json write_side(const UserDistribution& d, const std::string& side,
                          const std::string& stem, const std::string& dir) {
  using Kind = UserDistribution::Kind;
  if (d.kind == Kind::kStandardGaussian) return {{"type", "gaussian"}, {"dim", 2}, {"std", 1.0}};
  if (d.kind == Kind::kDrawn) {
    if (d.points.size() < 2) {
      throw InputError(side + ": draw at least 2 points (has " + std::to_string(d.points.size()) +
                       ")");
    }
    std::ofstream out(dir + "/" + stem + ".csv", std::ios::binary);
    out << "x,y\n";
    char line[64];
    for (const auto& p : d.points) {
      std::snprintf(line, sizeof(line), "%.6g,%.6g\n", p[0], p[1]);
      out << line;
    }
    out.flush();
    if (!out) throw InputError(dir + "/" + stem + ".csv: cannot write (disk full?)");
    return {{"type", "points"}, {"file", stem + ".csv"}, {"bandwidth", kDrawnBandwidth}};
  }
  const std::string ext = lower_extension(d.file);
  if (ext != ".csv" && ext != ".png") {
    throw InputError(d.file + ": expected a .csv of points or a grayscale .png density");
  }
  std::error_code ec;
  if (!fs::is_regular_file(d.file, ec)) throw InputError(d.file + ": no such file");
  // A copy beside the scene, so the directory stays whole when the original moves.
  fs::copy_file(d.file, dir + "/" + stem + ext, ec);
  if (ec) throw InputError(d.file + ": cannot copy it beside the scene (" + ec.message() + ")");
  if (ext == ".csv") return {{"type", "points"}, {"file", stem + ext}};
  return {{"type", "density-image"}, {"file", stem + ext}};
}

}  // namespace

std::string describe(const UserDistribution& d) {
  switch (d.kind) {
    case UserDistribution::Kind::kDrawn:
      return std::to_string(d.points.size()) + " drawn points";
    case UserDistribution::Kind::kFile:
      return fs::path(d.file).filename().string();
    default:
      return "N(0, I)";
  }
}

std::string default_user_scene_dir() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &local);
  const std::string base = std::string("scenes/drawn-") + stamp;
  std::string dir = base;
  std::error_code ec;
  for (int k = 2; fs::exists(dir, ec); ++k) dir = base + "-" + std::to_string(k);
  return dir;
}

std::string write_user_scene(const std::string& dir, const UserDistribution& source,
                             const UserDistribution& target, const TrainingSettings& t) {
  if (source.kind == UserDistribution::Kind::kStandardGaussian &&
      target.kind == UserDistribution::Kind::kStandardGaussian) {
    throw InputError("draw points or choose a file for P or Q first");
  }
  write_directory_atomically(dir, "the scene", [&](const std::string& tmp) {
    const nlohmann::json scene = {
        {"name", fs::path(dir).filename().string()},
        {"description", "P: " + describe(source) + "; Q: " + describe(target)},
        {"source", write_side(source, "P", "p", tmp)},
        {"target", write_side(target, "Q", "q", tmp)},
        {"eps", t.eps},
        {"cost", "squared-euclidean"},
        {"potential",
         {{"widths", t.widths}, {"activation", "leaky_relu"}, {"negative_slope", 0.2}}},
        {"sampler",
         {{"steps", t.langevin_steps},
          {"noise", t.noise},
          {"score_coef", t.score_coef},
          {"init", "source"}}},
        {"replay",
         {{"probability", t.replay_probability}, {"capacity", 10000}, {"mode", "persistent"}}},
        {"optimizer", {{"lr", t.lr}, {"batch", t.batch}, {"ema", 0.995}}},
        {"seed", t.seed},
    };
    write_text_atomically(tmp + "/scene.json", scene.dump(2) + "\n");
  });
  return dir + "/scene.json";
}

}  // namespace egeot::studio
