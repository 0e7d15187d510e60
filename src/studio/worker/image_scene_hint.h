#pragma once
// What an image scene that failed to load is missing, and how to get it: egeot never
// downloads, so the AFHQ images and a StyleGAN2-ADA generator are the user's to fetch.
// Appended to the one-line error the studio shows.
#include <string>

namespace egeot::studio {

// "" when the scene is not an image scene (or cannot even be parsed: the error says why).
std::string image_scene_hint(const std::string& name_or_file);

}  // namespace egeot::studio
