#include "base/atomic_file.h"

#include "base/error.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace egeot {
namespace {

// Data still in the page cache when the power goes could leave the renamed name pointing at
// an empty or partial file; forcing it to disk first also surfaces errors (a full disk on
// filesystems that allocate late) that a write() may not have reported.
std::string sync_error(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::strerror(errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  return rc == 0 ? "" : std::strerror(err);
}

// Makes the rename itself durable; some filesystems refuse fsync on a directory, which only
// loses durability against a power cut, never the file.
void sync_directory_of(const std::string& path) {
  auto dir = fs::path(path).parent_path();
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Writers (torch's among them) report a full disk as a bare "write failed"; the user needs
// to hear that it is the disk.
std::string write_failure(const std::string& path, const std::exception& e) {
  struct statvfs fs_stat {};
  const auto dir = fs::path(path).parent_path();
  if (::statvfs(dir.empty() ? "." : dir.c_str(), &fs_stat) == 0 && fs_stat.f_bavail == 0) {
    return std::strerror(ENOSPC);
  }
  return short_reason(e);
}

}  // namespace

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
    throw InputError(path + ": cannot write (" + write_failure(path, e) + ")");
  }
  if (const auto error = sync_error(tmp); !error.empty()) {
    std::remove(tmp.c_str());
    throw InputError(path + ": cannot write (" + error + ")");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw InputError(path + ": cannot write (" + ec.message() + ")");
  }
  sync_directory_of(path);
}

void write_text_atomically(const std::string& path, const std::string& text) {
  write_atomically(path, [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) throw InputError(path + ": cannot write (cannot create a file in its directory)");
    out << text;
    out.flush();
    if (!out) throw std::runtime_error("the write failed");
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
  std::string reason = what.substr(0, std::min<size_t>(what.find('\n'), 160));
  // Torch quotes bytes of a damaged file, a carriage return among them.
  for (auto& c : reason) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return reason;
}

}  // namespace egeot
