#pragma once
// Writes that never leave a half-written file where a good one was: write a sibling
// temporary, flush, then rename over the target (rename is atomic on one filesystem).
#include <exception>
#include <functional>
#include <string>

namespace egeot {

// Calls write(tmp_path) and renames tmp_path to path; on any failure removes the
// temporary, leaves path untouched and throws InputError naming path.
void write_atomically(const std::string& path,
                      const std::function<void(const std::string&)>& write);
void write_text_atomically(const std::string& path, const std::string& text);

// Throws InputError unless dir exists (or can be created) and a file can be written in it.
void ensure_writable_dir(const std::string& dir);

// For outputs written as a whole directory (a temporary renamed into place): throws
// InputError unless dir is absent or an empty directory and its parent is writable, so
// nothing the user had is overwritten.
void ensure_new_output_dir(const std::string& dir);

// A whole directory at once: checks ensure_new_output_dir, calls write(tmp_dir) on a sibling
// temporary and renames it to dir, so dir appears complete or not at all. On failure the
// temporary is removed and InputError names dir and `what` ("the generator").
void write_directory_atomically(const std::string& dir, const std::string& what,
                                const std::function<void(const std::string&)>& write);

// The first line of an exception's message, at most 160 characters (torch's are long).
std::string short_reason(const std::exception& e);

}  // namespace egeot
