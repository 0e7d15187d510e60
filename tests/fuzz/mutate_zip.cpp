// Torch's archives (torch::save, TorchScript): zip files of stored entries (data.pkl,
// constants.pkl, code/*.py, data/<n> tensor storages, version). An entry's bytes are mutated
// and the CRCs fixed so the reader passes them on to the unpickler or the TorchScript
// compiler; entries are removed, repeated or renamed; header fields are made to lie.
#include "mutator_parts.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>

namespace egeot::fuzz {
namespace {

struct Entry {
  std::string name;
  uint16_t method = 0;
  Bytes data;              // as stored (torch stores, does not deflate)
  size_t local = 0;        // offset of the local header in the input
  size_t central = 0;      // offset of the central directory record
  size_t data_at = 0;      // offset of the data in the input
};

bool has_sig(const Bytes& d, size_t at, uint32_t sig) {
  return at + 4 <= d.size() && read_le(d, at, 4) == sig;
}

bool parse_zip(const Bytes& d, std::vector<Entry>& entries, size_t& eocd) {
  if (d.size() < 22) return false;
  eocd = std::string::npos;
  for (size_t at = d.size() - 22 + 1; at-- > 0 && d.size() - at < 70000;) {
    if (has_sig(d, at, 0x06054b50)) {
      eocd = at;
      break;
    }
  }
  if (eocd == std::string::npos) return false;
  const size_t count = read_le(d, eocd + 10, 2);
  size_t at = read_le(d, eocd + 16, 4);
  for (size_t i = 0; i < count; ++i) {
    if (!has_sig(d, at, 0x02014b50) || at + 46 > d.size()) return false;
    Entry e;
    e.central = at;
    e.method = static_cast<uint16_t>(read_le(d, at + 10, 2));
    const size_t csize = read_le(d, at + 20, 4);
    const size_t nlen = read_le(d, at + 28, 2), xlen = read_le(d, at + 30, 2), clen = read_le(d, at + 32, 2);
    e.local = read_le(d, at + 42, 4);
    if (at + 46 + nlen > d.size() || !has_sig(d, e.local, 0x04034b50) || e.local + 30 > d.size()) return false;
    e.name.assign(d.begin() + at + 46, d.begin() + at + 46 + nlen);
    e.data_at = e.local + 30 + read_le(d, e.local + 26, 2) + read_le(d, e.local + 28, 2);
    if (e.data_at > d.size() || csize > d.size() - e.data_at) return false;
    e.data.assign(d.begin() + e.data_at, d.begin() + e.data_at + csize);
    entries.push_back(std::move(e));
    at += 46 + nlen + xlen + clen;
  }
  return !entries.empty();
}

void put_le(Bytes& out, uint32_t v, int width) {
  const size_t at = out.size();
  out.resize(at + width);
  write_le(out, at, width, v);
}

// A fresh archive: offsets, sizes and CRCs all consistent with the entries as they are now.
Bytes write_zip(const std::vector<Entry>& entries) {
  Bytes out;
  std::vector<uint32_t> offsets;
  for (const auto& e : entries) {
    offsets.push_back(static_cast<uint32_t>(out.size()));
    const uint32_t crc = crc32_of(e.data.data(), e.data.size());
    put_le(out, 0x04034b50, 4);
    put_le(out, 20, 2);
    put_le(out, 0, 2);
    put_le(out, e.method, 2);
    put_le(out, 0, 4);  // time, date
    put_le(out, crc, 4);
    put_le(out, static_cast<uint32_t>(e.data.size()), 4);
    put_le(out, static_cast<uint32_t>(e.data.size()), 4);
    put_le(out, static_cast<uint32_t>(e.name.size()), 2);
    put_le(out, 0, 2);
    out.insert(out.end(), e.name.begin(), e.name.end());
    out.insert(out.end(), e.data.begin(), e.data.end());
  }
  const size_t cd = out.size();
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    put_le(out, 0x02014b50, 4);
    put_le(out, 20, 2);
    put_le(out, 20, 2);
    put_le(out, 0, 2);
    put_le(out, e.method, 2);
    put_le(out, 0, 4);
    put_le(out, crc32_of(e.data.data(), e.data.size()), 4);
    put_le(out, static_cast<uint32_t>(e.data.size()), 4);
    put_le(out, static_cast<uint32_t>(e.data.size()), 4);
    put_le(out, static_cast<uint32_t>(e.name.size()), 2);
    put_le(out, 0, 2);
    put_le(out, 0, 2);
    put_le(out, 0, 2);
    put_le(out, 0, 2);
    put_le(out, 0, 4);
    put_le(out, offsets[i], 4);
    out.insert(out.end(), e.name.begin(), e.name.end());
  }
  const size_t cd_size = out.size() - cd;
  put_le(out, 0x06054b50, 4);
  put_le(out, 0, 4);
  put_le(out, static_cast<uint32_t>(entries.size()), 2);
  put_le(out, static_cast<uint32_t>(entries.size()), 2);
  put_le(out, static_cast<uint32_t>(cd_size), 4);
  put_le(out, static_cast<uint32_t>(cd), 4);
  put_le(out, 0, 2);
  return out;
}

// Torch deflates code and debug pickles: mutate what they hold, stored (method 0) from then on.
void make_plain(Entry& e) {
  if (e.method != 8) return;
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) return;
  Bytes out(1 << 20);
  z.next_in = e.data.data();
  z.avail_in = static_cast<uInt>(e.data.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return;
  e.data = std::move(out);
  e.method = 0;
}

bool ends_with(const std::string& s, const char* suffix) {
  const size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// The entries worth most: what the unpickler and the TorchScript compiler read.
size_t pick_entry(const std::vector<Entry>& entries, Rng& rng) {
  if (rng.chance(0.6)) {
    std::vector<size_t> parsed;
    for (size_t i = 0; i < entries.size(); ++i) {
      const auto& n = entries[i].name;
      if (ends_with(n, ".pkl") || ends_with(n, ".py") || ends_with(n, "version") || ends_with(n, ".debug_pkl")) {
        parsed.push_back(i);
      }
    }
    if (!parsed.empty()) return rng.pick(parsed);
  }
  return rng.below(entries.size());
}

// TorchScript source: numbers made huge or negative, identifiers and brackets disturbed.
void mutate_source(Bytes& code, Rng& rng) {
  std::string text(code.begin(), code.end());
  std::vector<size_t> digits;
  for (size_t i = 0; i < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) && (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])))) {
      digits.push_back(i);
    }
  }
  static const std::vector<std::string> kNumbers = {"0", "-1", "2147483648", "9223372036854775807",
                                                    "99999999999999999999", "1e308", "-0"};
  static const std::vector<std::string> kTexts = {"(", ")", "[", "]", ":", "\n", "    ", "self.",
                                                  "torch.", "while True:\n      pass\n", "\\"};
  if (!digits.empty() && rng.chance(0.5)) {
    const size_t at = rng.pick(digits);
    size_t end = at;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    text.replace(at, end - at, rng.pick(kNumbers));
  } else {
    text.insert(rng.below(text.size() + 1), rng.pick(kTexts));
  }
  code.assign(text.begin(), text.end());
}

}  // namespace

Bytes mutate_zip(const Bytes& input, Rng& rng) {
  std::vector<Entry> entries;
  size_t eocd = 0;
  Bytes out = input;
  if (!parse_zip(input, entries, eocd)) {
    mutate_bytes(out, rng);
    return out;
  }
  const size_t which = pick_entry(entries, rng);
  Entry& e = entries[which];
  switch (rng.below(9)) {
    case 0:
    case 1:
    case 2: {  // in place, same length, CRCs fixed: the reader's offsets stay right
      if (e.method != 0) {
        make_plain(e);
        if (!e.data.empty()) e.data[rng.below(e.data.size())] ^= static_cast<uint8_t>(1u << rng.below(8));
        return write_zip(entries);
      }
      Bytes data = e.data;
      if (data.empty()) break;
      for (size_t k = 1 + rng.below(3); k > 0; --k) {
        const size_t i = rng.below(data.size());
        data[i] = rng.chance(0.5) ? static_cast<uint8_t>(rng.next()) : static_cast<uint8_t>(data[i] ^ (1u << rng.below(8)));
      }
      std::copy(data.begin(), data.end(), out.begin() + e.data_at);
      const uint32_t crc = crc32_of(data.data(), data.size());
      write_le(out, e.local + 14, 4, crc);
      write_le(out, e.central + 16, 4, crc);
      return out;
    }
    case 3:  // any length, the archive rebuilt around it
      make_plain(e);
      if (ends_with(e.name, ".py") && rng.chance(0.7)) {
        mutate_source(e.data, rng);
      } else {
        mutate_bytes(e.data, rng);
      }
      return write_zip(entries);
    case 4:
      entries.erase(entries.begin() + which);
      return write_zip(entries);
    case 5:
      entries.push_back(entries[which]);
      make_plain(entries.back());
      if (rng.chance(0.5)) mutate_bytes(entries.back().data, rng);
      return write_zip(entries);
    case 6:  // renamed: another archive prefix, a path outside it, or another entry's name
      e.name = rng.chance(0.5) ? entries[rng.below(entries.size())].name
                               : rng.pick(std::vector<std::string>{"x/data.pkl", "../data.pkl", "", "data.pkl",
                                                                   "archive/data/0", "archive/version"});
      return write_zip(entries);
    case 7: {  // a local header that lies: method, sizes, name or extra length
      const size_t offsets[] = {8, 18, 22, 26, 28};
      const size_t at = e.local + offsets[rng.below(5)];
      const int width = (at - e.local == 8 || at - e.local >= 26) ? 2 : 4;
      write_le(out, at, width, interesting_u32(rng));
      return out;
    }
    default: {  // the central directory or its end record lies
      if (rng.chance(0.5)) {
        const size_t offsets[] = {10, 20, 24, 28, 42};
        const size_t rel = offsets[rng.below(5)];
        write_le(out, e.central + rel, rel == 10 || rel == 28 ? 2 : 4, interesting_u32(rng));
      } else {
        const size_t offsets[] = {8, 10, 12, 16};
        const size_t rel = offsets[rng.below(4)];
        write_le(out, eocd + rel, rel < 12 ? 2 : 4, interesting_u32(rng));
      }
      return out;
    }
  }
  return out;
}

}  // namespace egeot::fuzz
