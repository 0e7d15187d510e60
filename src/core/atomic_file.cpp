#include "core/atomic_file.h"

#include "core/error.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace egeot {

void write_atomically(const std::string& path,
                      const std::function<void(const std::string&)>& write) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  try {
    write(tmp);
  } catch (const InputError&) {
    std::remove(tmp.c_str());
    throw;
  } catch (const std::exception& e) {
    std::remove(tmp.c_str());
    throw InputError(path + ": cannot write (" + std::string(e.what()).substr(0, 120) + ")");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw InputError(path + ": cannot write (" + ec.message() + ")");
  }
}

void write_text_atomically(const std::string& path, const std::string& text) {
  write_atomically(path, [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) throw InputError(path + ": cannot write (cannot create a file in its directory)");
    out << text;
    out.flush();
    if (!out) throw InputError(path + ": cannot write (disk full?)");
  });
}

void ensure_writable_dir(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    throw InputError(dir + ": expected a directory, but a file of that name exists");
  }
  fs::create_directories(dir, ec);
  if (ec) throw InputError(dir + ": cannot create the directory (" + ec.message() + ")");
  if (::access(dir.c_str(), W_OK) != 0) {
    throw InputError(dir + ": the directory is not writable");
  }
}

void ensure_new_output_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec)) {
      throw InputError(dir + ": exists and is not a directory (nothing was overwritten)");
    }
    if (!fs::is_empty(dir, ec)) {
      throw InputError(
          dir +
          ": already exists and is not empty; choose another directory (nothing was overwritten)");
    }
  }
  const auto parent = fs::absolute(fs::path(dir)).lexically_normal().parent_path();
  ensure_writable_dir(parent.empty() ? "." : parent.string());
}

void write_directory_atomically(const std::string& dir, const std::string& what,
                                const std::function<void(const std::string&)>& write) {
  namespace fs = std::filesystem;
  ensure_new_output_dir(dir);
  const auto target = fs::absolute(fs::path(dir)).lexically_normal();
  const auto tmp =
      target.parent_path() / (target.filename().string() + ".tmp-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::remove_all(tmp, ec);
  try {
    fs::create_directories(tmp);
    write(tmp.string());
  } catch (const std::exception& e) {
    fs::remove_all(tmp, ec);
    if (dynamic_cast<const InputError*>(&e)) throw;
    throw InputError(dir + ": cannot write " + what + " (" + short_reason(e) + ")");
  }
  fs::rename(tmp, target, ec);  // replaces an empty directory; fails on a non-empty one
  if (ec) {
    std::error_code ignore;
    fs::remove_all(tmp, ignore);
    throw InputError(dir + ": cannot write " + what + " (" + ec.message() +
                     "; nothing was overwritten)");
  }
}

std::string short_reason(const std::exception& e) {
  const std::string what = e.what();
  return what.substr(0, std::min<size_t>(what.find('\n'), 160));
}

}  // namespace egeot
