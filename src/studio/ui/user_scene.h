#pragma once
// A scene made of the user's own data: points drawn with the brush or a file (a CSV of points,
// a grayscale PNG density) for P and Q, written as a directory the CLI trains too: scene.json
// plus the data files beside it, named relative to it. The rest of the scene (eps, network,
// sampler, optimiser) is the studio's current settings.
#include "studio/protocol/command.h"
#include "studio/protocol/training_settings.h"

#include <string>
#include <vector>

namespace egeot::studio {

// Where one side of the transport comes from.
struct UserDistribution {
  enum class Kind { kStandardGaussian, kDrawn, kFile } kind = Kind::kStandardGaussian;
  std::vector<Point2> points;  // kDrawn: world coordinates
  std::string file;            // kFile: a .csv of points or a .png density
};

// The jitter (world units) that turns a few hundred drawn points into a smooth density.
inline constexpr double kDrawnBandwidth = 0.05;

// What the panel says of a side: "N(0, I)", "312 drawn points", "logo.png".
std::string describe(const UserDistribution& d);

// "scenes/drawn-20260131-142501" (local time); a suffix keeps it apart from existing ones.
std::string default_user_scene_dir();

// Writes dir/scene.json with its data files (dir must be absent or empty; written to a
// temporary and renamed, so it appears whole or not at all) and returns the scene file's path.
// Throws InputError naming the file or the side at fault (too few drawn points, a file that
// is neither .csv nor .png or cannot be read).
std::string write_user_scene(const std::string& dir, const UserDistribution& source,
                             const UserDistribution& target, const TrainingSettings& settings);

}  // namespace egeot::studio
