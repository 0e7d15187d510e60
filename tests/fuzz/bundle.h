#pragma once
// Several files in one byte string, so a loader that reads a directory (a checkpoint) has a
// single fuzz input: per file, a name length byte, the name, a little-endian uint32 size and
// the bytes. Decoding never fails: a cut-off file keeps what is there, a bad name is skipped.
#include "mutator.h"

#include <string>
#include <vector>

namespace egeot::fuzz {

struct BundleFile {
  std::string name;  // a plain file name: [A-Za-z0-9._-], not starting with '.'
  Bytes data;
};

Bytes encode_bundle(const std::vector<BundleFile>& files);
std::vector<BundleFile> decode_bundle(const uint8_t* data, size_t size);

}  // namespace egeot::fuzz
