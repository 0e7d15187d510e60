#include "base/idx_file.h"

#include "base/error.h"

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <memory>

namespace egeot {
namespace {

struct GzCloser {
  void operator()(gzFile_s* f) const { gzclose(f); }
};

// Reads exactly n bytes; returns how many were read before the end of the stream.
int64_t read_some(gzFile file, const std::string& path, uint8_t* out, int64_t n) {
  int64_t done = 0;
  while (done < n) {
    const unsigned chunk = static_cast<unsigned>(std::min<int64_t>(n - done, 1 << 30));
    const int got = gzread(file, out + done, chunk);
    if (got < 0) {
      int code = 0;
      const char* msg = gzerror(file, &code);
      throw InputError(path + ": corrupt gzip data (" + std::string(msg ? msg : "zlib error") +
                       ")");
    }
    if (got == 0) break;
    done += got;
  }
  return done;
}

}  // namespace

IdxArray read_idx_ubyte(const std::string& path, int rank) {
  if (!std::filesystem::exists(path)) throw InputError(path + ": no such file");
  std::unique_ptr<gzFile_s, GzCloser> file(gzopen(path.c_str(), "rb"));
  if (!file) throw InputError(path + ": cannot open");
  uint8_t magic[4];
  if (read_some(file.get(), path, magic, 4) != 4) {
    throw InputError(path + ": truncated (no IDX header)");
  }
  if (magic[0] != 0 || magic[1] != 0 || magic[2] != 0x08 || magic[3] != rank) {
    char got[16];
    std::snprintf(got, sizeof got, "%02x%02x%02x%02x", magic[0], magic[1], magic[2], magic[3]);
    throw InputError(path + ": not an IDX unsigned-byte array of rank " + std::to_string(rank) +
                     " (magic number 0x" + got + ", expected 0x000008" + (rank < 16 ? "0" : "") +
                     std::to_string(rank) + ")");
  }
  IdxArray array;
  int64_t total = 1;
  for (int d = 0; d < rank; ++d) {
    uint8_t b[4];
    if (read_some(file.get(), path, b, 4) != 4) throw InputError(path + ": truncated IDX header");
    const int64_t n = (int64_t{b[0]} << 24) | (int64_t{b[1]} << 16) | (int64_t{b[2]} << 8) | b[3];
    if (n <= 0 || n > (int64_t{1} << 28)) {
      throw InputError(path + ": IDX dimension " + std::to_string(d) + " is " + std::to_string(n) +
                       ", expected 1 to 2^28");
    }
    array.dims.push_back(n);
    total *= n;
    if (total > (int64_t{1} << 32)) throw InputError(path + ": IDX array larger than 4 GiB");
  }
  // The header's size is only a claim: memory grows with the data actually read (doubling),
  // so a 20-byte file cannot make egeot allocate and zero 4 GiB.
  while (static_cast<int64_t>(array.bytes.size()) < total) {
    const int64_t have = static_cast<int64_t>(array.bytes.size());
    const int64_t want = std::min(total - have, std::max<int64_t>(have, 1 << 20));
    array.bytes.resize(static_cast<size_t>(have + want));
    const int64_t got = read_some(file.get(), path, array.bytes.data() + have, want);
    if (got != want) {
      throw InputError(path + ": truncated (header promises " + std::to_string(total) +
                       " data bytes, the file holds " + std::to_string(have + got) + ")");
    }
  }
  uint8_t extra;
  if (read_some(file.get(), path, &extra, 1) != 0) {
    throw InputError(path + ": longer than its IDX header says (trailing data)");
  }
  return array;
}

}  // namespace egeot
