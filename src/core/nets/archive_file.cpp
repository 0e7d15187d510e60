#include "core/nets/archive_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace egeot {

void save_archive(torch::serialize::OutputArchive& archive, const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) throw std::runtime_error(std::strerror(errno));
  int error = 0;
  archive.save_to([&](const void* data, size_t n) -> size_t {
    if (error == 0 && n > 0 && std::fwrite(data, 1, n, file) != n) error = errno ? errno : EIO;
    return n;  // a short count makes torch throw from a destructor: report it after instead
  });
  if (std::fflush(file) != 0 && error == 0) error = errno ? errno : EIO;
  if (std::fclose(file) != 0 && error == 0) error = errno ? errno : EIO;
  if (error != 0) throw std::runtime_error(std::strerror(error));
}

}  // namespace egeot
