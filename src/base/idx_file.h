#pragma once
// IDX files (the MNIST family's format): a big-endian header (two zero bytes, a type byte,
// a rank byte, one uint32 per dimension) followed by the data. Read through zlib, so the
// Debian package's .gz files and plain files both work.
#include <cstdint>
#include <string>
#include <vector>

namespace egeot {

struct IdxArray {
  std::vector<int64_t> dims;   // e.g. {60000, 28, 28}
  std::vector<uint8_t> bytes;  // row-major, prod(dims) unsigned bytes
};

// Reads an unsigned-byte IDX array of rank `rank`. Throws InputError naming `path` when the
// file is missing, not gzip/IDX, of another type or rank, truncated or longer than its header.
IdxArray read_idx_ubyte(const std::string& path, int rank);

}  // namespace egeot
