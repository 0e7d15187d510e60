#include "base/torch_archive.h"

#include "base/error.h"
#include "base/pickle_check.h"
#include "base/torchscript_code_check.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <map>
#include <vector>

namespace egeot {
namespace {

// Deflate expands at most about 1032:1; torch stores its entries (1:1).
constexpr uint64_t kMaxInflation = 1032;
constexpr uint32_t kEndOfDirectory = 0x06054b50;
constexpr uint32_t kZip64Locator = 0x07064b50;
constexpr uint32_t kZip64End = 0x06064b50;
constexpr uint32_t kDirectoryEntry = 0x02014b50;

class File {
 public:
  explicit File(const std::string& path) : in_(path, std::ios::binary) {
    in_.seekg(0, std::ios::end);
    size_ = in_ ? static_cast<uint64_t>(in_.tellg()) : 0;
  }
  uint64_t size() const { return size_; }
  // Bytes [at, at + n), or fewer at the end of the file.
  std::vector<uint8_t> read(uint64_t at, uint64_t n) {
    if (at >= size_) return {};
    std::vector<uint8_t> out(static_cast<size_t>(std::min(n, size_ - at)));
    in_.clear();
    in_.seekg(static_cast<std::streamoff>(at));
    in_.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(out.size()));
    out.resize(static_cast<size_t>(std::max<std::streamsize>(in_.gcount(), 0)));
    return out;
  }

 private:
  std::ifstream in_;
  uint64_t size_ = 0;
};

uint64_t le(const std::vector<uint8_t>& d, size_t at, int width) {
  uint64_t v = 0;
  for (int i = width - 1; i >= 0; --i) v = (v << 8) | (at + i < d.size() ? d[at + i] : 0);
  return v;
}

struct Directory {
  uint64_t offset = 0;
  uint64_t size = 0;
  uint64_t count = 0;
};

struct Entry {
  uint64_t method = 0;
  uint64_t crc = 0;
  uint64_t local = 0;   // offset of its local header
  uint64_t packed = 0;  // bytes in the file
  uint64_t size = 0;    // bytes once unpacked
};

bool raw_entry_bytes(File& file, const Entry& e, std::string& out) {
  const auto header = file.read(e.local, 30);
  if (header.size() < 30) return false;
  const uint64_t data_at = e.local + 30 + le(header, 26, 2) + le(header, 28, 2);
  const auto packed = file.read(data_at, e.packed);
  if (e.method == 0) {
    out.assign(packed.begin(), packed.end());
    return true;
  }
  if (e.method != 8) return false;
  out.assign(static_cast<size_t>(e.size), '\0');
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) return false;
  z.next_in = const_cast<Bytef*>(packed.data());
  z.avail_in = static_cast<uInt>(packed.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return rc == Z_STREAM_END;
}

// An entry's bytes, inflated when deflated (torch deflates code and debug pickles); false
// for another method or damaged data. LibTorch checks no CRC: what it would parse from a
// damaged entry is garbage, so this does.
bool entry_bytes(File& file, const Entry& e, std::string& out) {
  if (!raw_entry_bytes(file, e, out) || out.size() != e.size) return false;
  return crc32(0L, reinterpret_cast<const Bytef*>(out.data()), static_cast<uInt>(out.size())) == e.crc;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string printable(std::string s) {
  for (auto& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';  // keep messages one line
  }
  return s;
}

// The central directory's place, from the end record (and its zip64 twin when one is used).
bool find_directory(File& file, Directory& dir) {
  const uint64_t tail_size = std::min<uint64_t>(file.size(), 22 + 65535 + 20);
  const uint64_t tail_at = file.size() - tail_size;
  const auto tail = file.read(tail_at, tail_size);
  if (tail.size() < 22) return false;
  for (size_t at = tail.size() - 22 + 1; at-- > 0;) {
    if (le(tail, at, 4) != kEndOfDirectory) continue;
    dir.count = le(tail, at + 10, 2);
    dir.size = le(tail, at + 12, 4);
    dir.offset = le(tail, at + 16, 4);
    if (at >= 20 && le(tail, at - 20, 4) == kZip64Locator) {
      const auto end64 = file.read(le(tail, at - 20 + 8, 8), 56);
      if (end64.size() < 56 || le(end64, 0, 4) != kZip64End) return false;
      dir.count = le(end64, 32, 8);
      dir.size = le(end64, 40, 8);
      dir.offset = le(end64, 48, 8);
    }
    return true;
  }
  return false;
}

}  // namespace

void check_torch_archive(const std::string& path, TorchArchive kind) {
  File file(path);
  Directory dir;
  if (!find_directory(file, dir)) return;
  const auto refuse = [&](const std::string& what) {
    throw InputError(path + ": not a readable torch file (" + printable(what) + ", in a file of " +
                     std::to_string(file.size()) + " bytes)");
  };
  if (dir.offset > file.size() || dir.size > file.size() - dir.offset) {
    refuse("its zip directory claims " + std::to_string(dir.size) + " bytes at offset " +
           std::to_string(dir.offset));
  }
  const auto records = file.read(dir.offset, dir.size);
  std::map<std::string, Entry> entries;
  size_t at = 0;
  for (uint64_t i = 0; i < dir.count; ++i) {
    if (at + 46 > records.size() || le(records, at, 4) != kDirectoryEntry) {
      refuse("its zip directory is cut short or damaged at entry " + std::to_string(i));
    }
    Entry e;
    e.method = le(records, at + 10, 2);
    e.crc = le(records, at + 16, 4);
    e.packed = le(records, at + 20, 4);
    e.size = le(records, at + 24, 4);
    e.local = le(records, at + 42, 4);
    const size_t name_len = le(records, at + 28, 2), extra_len = le(records, at + 30, 2);
    const size_t comment_len = le(records, at + 32, 2);
    const std::string name(records.begin() + std::min(at + 46, records.size()),
                           records.begin() + std::min(at + 46 + name_len, records.size()));
    // zip64: the fields that read 0xffffffff follow in the extra field, in this order.
    for (size_t x = at + 46 + name_len; x + 4 <= std::min(at + 46 + name_len + extra_len, records.size());) {
      const uint64_t id = le(records, x, 2), len = le(records, x + 2, 2);
      if (id == 1) {
        size_t f = x + 4;
        for (uint64_t* field : {&e.size, &e.packed, &e.local}) {
          if (*field != 0xffffffff) continue;
          *field = le(records, f, 8);
          f += 8;
        }
      }
      x += 4 + len;
    }
    const uint64_t limit = e.method == 0 ? e.packed : e.packed * kMaxInflation + 1024;
    if (e.local > file.size() || e.packed > file.size() - e.local || e.size > limit) {
      refuse("entry '" + name.substr(0, 80) + "' claims " + std::to_string(e.size) + " bytes");
    }
    entries[name] = e;
    at += 46 + name_len + extra_len + comment_len;
  }
  // What torch parses: the pickles (tensor storages checked against their records) and the
  // TorchScript source, all below the archive's one root folder.
  std::vector<std::pair<std::string, std::string>> code;
  for (const auto& [name, e] : entries) {
    const size_t slash = name.find('/');
    if (slash == std::string::npos) continue;
    const std::string root = name.substr(0, slash + 1), inner = name.substr(slash + 1);
    const bool pickle = ends_with(inner, ".pkl") || ends_with(inner, ".debug_pkl");
    const bool source = inner.rfind("code/", 0) == 0 && ends_with(inner, ".py") && inner.size() > 8;
    if (!(pickle || source)) continue;
    std::string bytes;
    if (!entry_bytes(file, e, bytes)) refuse("entry '" + name.substr(0, 80) + "' is damaged");
    if (source) {
      code.emplace_back(inner, std::move(bytes));
      continue;
    }
    const std::string records_dir = root + inner.substr(0, inner.rfind('.')) + "/";
    const auto record_size = [&](const std::string& key) -> int64_t {
      const auto it = entries.find(records_dir + key);
      return it == entries.end() ? -1 : static_cast<int64_t>(it->second.size);
    };
    const std::string problem = pickle_problem(bytes, record_size);
    if (!problem.empty()) refuse(name.substr(0, 80) + ": " + problem);
  }
  const std::string problem = torchscript_code_problem(code, kind == TorchArchive::kData);
  if (!problem.empty()) refuse(problem);
}

}  // namespace egeot
