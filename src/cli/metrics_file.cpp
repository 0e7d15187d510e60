#include "cli/metrics_file.h"

#include "base/error.h"

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace fs = std::filesystem;

namespace egeot::cli {
namespace {

// Byte length of the header and the whole rows of iteration <= last; rows are in order.
std::streamoff kept_length(const std::string& path, int64_t last) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read (" + std::strerror(errno) + ")");
  std::streamoff kept = 0;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline: a row cut off when the run was killed
    if (!header) {
      char* end = nullptr;
      const long long iteration = std::strtoll(line.c_str(), &end, 10);
      if (end == line.c_str() || *end != ',' || iteration > last) break;
    }
    header = false;
    kept += static_cast<std::streamoff>(line.size()) + 1;
  }
  return kept;
}

}  // namespace

std::ofstream open_metrics(const std::string& path, const std::string& header,
                           int64_t resume_iteration) {
  std::error_code ec;
  // Only a regular file is trimmed: a link to a device or a pipe is the user's choice.
  if (resume_iteration >= 0 && fs::is_regular_file(path, ec)) {
    const auto kept = kept_length(path, resume_iteration);
    if (static_cast<uintmax_t>(kept) < fs::file_size(path, ec) && !ec) {
      if (::truncate(path.c_str(), kept) != 0) {
        throw InputError(path + ": cannot drop the rows after the checkpoint (" +
                         std::strerror(errno) + ")");
      }
    }
  }
  const bool fresh = !fs::exists(path, ec) || (fs::is_regular_file(path, ec) && fs::is_empty(path, ec));
  std::ofstream csv(path, std::ios::app);
  if (!csv) throw InputError(path + ": cannot write (" + std::strerror(errno) + ")");
  if (fresh) csv << header;
  flush_metrics(csv, path);
  return csv;
}

void flush_metrics(std::ofstream& csv, const std::string& path) {
  errno = 0;
  csv.flush();
  if (!csv) {
    const int err = errno;
    throw InputError(path + ": cannot write (" +
                     (err ? std::string(std::strerror(err)) : std::string("disk full?")) + ")");
  }
}

}  // namespace egeot::cli
