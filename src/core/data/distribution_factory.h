#pragma once
// Every distribution a scene can name, toys to image datasets, built from its scene entry.
// Kept apart from Distribution so a sampler's interface does not pull in every loader.
#include "core/data/distribution.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace egeot {

// Builds a distribution from its scene entry, e.g. {"type": "swissroll"} or
// {"type": "benchmark-gaussian", "dim": 16, "role": "target"}. origin/field name the
// place in the scene file for errors.
std::unique_ptr<Distribution> make_distribution(const nlohmann::json& spec, const std::string& origin,
                                                const std::string& field);

// A user's data files ("points": a CSV, "density-image": a PNG) are named relative to the scene
// file; this returns spec with a relative "file" made absolute against base_dir ("" for the
// working directory), so a scene embedded in a checkpoint still finds its data.
nlohmann::json with_data_paths(const nlohmann::json& spec, const std::string& base_dir);

// The names make_distribution accepts, for help texts.
std::string distribution_types();

}  // namespace egeot
