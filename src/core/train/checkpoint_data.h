#pragma once
// A checkpoint keeps its own copy of the data files its scene names (a CSV of points, a
// density PNG), so a run directory moved to another machine -- trained on a cluster, shown on
// a laptop -- still loads, samples and resumes. The copies are named by their content
// ("data-target-<crc32>.csv") and recorded in config.json's "files" like the weights, so an
// unchanged file is not copied again and a save never rewrites a file the standing
// config.json records.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace egeot {

// Copies each data file scene_json names into dir (when not there already) and returns the
// scene with those names relative to dir; appends the copies' names to *files.
nlohmann::json copy_scene_data(const std::string& dir, nlohmann::json scene_json,
                               std::vector<std::string>* files);

// The names a checkpoint's scene gives its copies, to verify before the scene is read.
std::vector<std::string> scene_data_names(const nlohmann::json& scene_json);

// Whether a file in a checkpoint directory is one of those copies (or a temporary of one).
bool is_scene_data_name(const std::string& name);

}  // namespace egeot
