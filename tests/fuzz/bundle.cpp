#include "bundle.h"

#include <algorithm>
#include <cctype>

namespace egeot::fuzz {
namespace {

bool plain_name(const std::string& name) {
  if (name.empty() || name[0] == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

}  // namespace

Bytes encode_bundle(const std::vector<BundleFile>& files) {
  Bytes out;
  for (const auto& f : files) {
    out.push_back(static_cast<uint8_t>(std::min<size_t>(f.name.size(), 255)));
    out.insert(out.end(), f.name.begin(), f.name.begin() + std::min<size_t>(f.name.size(), 255));
    const auto size = static_cast<uint32_t>(f.data.size());
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(size >> (8 * i)));
    out.insert(out.end(), f.data.begin(), f.data.end());
  }
  return out;
}

std::vector<BundleFile> decode_bundle(const uint8_t* data, size_t size) {
  std::vector<BundleFile> files;
  size_t at = 0;
  while (at < size) {
    const size_t name_len = data[at++];
    if (size - at < name_len + 4) break;
    std::string name(reinterpret_cast<const char*>(data + at), name_len);
    at += name_len;
    size_t len = 0;
    for (int i = 0; i < 4; ++i) len |= size_t{data[at + i]} << (8 * i);
    at += 4;
    len = std::min(len, size - at);
    if (plain_name(name)) files.push_back({name, Bytes(data + at, data + at + len)});
    at += len;
  }
  return files;
}

}  // namespace egeot::fuzz
