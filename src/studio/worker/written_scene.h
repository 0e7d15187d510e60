#pragma once
// Undoing a scene directory the studio wrote from the user's data (ui/user_scene.h) when the
// trainer refuses it: the directory goes only if it holds nothing but what the studio writes
// there (scene.json, p.csv/p.png, q.csv/q.png), so a user's own directory is never deleted.
#include <string>

namespace egeot::studio {

// Removes dir when it is such a directory; returns whether it did.
bool remove_written_scene(const std::string& dir);

}  // namespace egeot::studio
