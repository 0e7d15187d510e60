#pragma once
// Writes that never leave a half-written file where a good one was: write a sibling
// temporary, flush, then rename over the target (rename is atomic on one filesystem).
#include <functional>
#include <string>

namespace egeot {

// Calls write(tmp_path) and renames tmp_path to path; on any failure removes the
// temporary, leaves path untouched and throws InputError naming path.
void write_atomically(const std::string& path, const std::function<void(const std::string&)>& write);
void write_text_atomically(const std::string& path, const std::string& text);

// Throws InputError unless dir exists (or can be created) and a file can be written in it.
void ensure_writable_dir(const std::string& dir);

// For outputs written as a whole directory (a temporary renamed into place): throws
// InputError unless dir is absent or an empty directory and its parent is writable, so
// nothing the user had is overwritten.
void ensure_new_output_dir(const std::string& dir);

}  // namespace egeot
