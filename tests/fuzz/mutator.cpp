#include "mutator.h"

#include "mutator_parts.h"

#include <zlib.h>

#include <algorithm>

namespace egeot::fuzz {
namespace {

uint64_t splitmix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

constexpr size_t kMaxCaseBytes = 4u << 20;

constexpr uint8_t kInterestingBytes[] = {0x00, 0x01, 0x7f, 0x80, 0xff, 0x20, 0x0a, 0x22, 0x5c, 0x2d};

}  // namespace

uint64_t case_seed(const std::string& loader, uint64_t run_seed, uint64_t index) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a of the name
  for (unsigned char c : loader) h = (h ^ c) * 0x100000001b3ull;
  return splitmix(h ^ splitmix(run_seed ^ splitmix(index)));
}

uint32_t interesting_u32(Rng& rng) {
  static const std::vector<uint32_t> values = {
      0u,          1u,          2u,          3u,          7u,          8u,          28u,
      255u,        256u,        4095u,       4096u,       4097u,       65535u,      65536u,
      (1u << 24),  (1u << 24) + 1, (1u << 28), (1u << 28) + 1, 0x3fffffffu, 0x40000000u,
      0x7fffffffu, 0x80000000u, 0x80000001u, 0xfffffffeu, 0xffffffffu};
  if (rng.chance(0.1)) return static_cast<uint32_t>(rng.next());
  return rng.pick(values);
}

uint32_t read_be(const Bytes& data, size_t at, int width) {
  uint32_t v = 0;
  for (int i = 0; i < width; ++i) v = (v << 8) | (at + i < data.size() ? data[at + i] : 0);
  return v;
}

void write_be(Bytes& data, size_t at, int width, uint32_t value) {
  for (int i = 0; i < width; ++i) {
    if (at + i < data.size()) data[at + i] = static_cast<uint8_t>(value >> (8 * (width - 1 - i)));
  }
}

uint32_t read_le(const Bytes& data, size_t at, int width) {
  uint32_t v = 0;
  for (int i = width - 1; i >= 0; --i) v = (v << 8) | (at + i < data.size() ? data[at + i] : 0);
  return v;
}

void write_le(Bytes& data, size_t at, int width, uint32_t value) {
  for (int i = 0; i < width; ++i) {
    if (at + i < data.size()) data[at + i] = static_cast<uint8_t>(value >> (8 * i));
  }
}

uint32_t crc32_of(const uint8_t* data, size_t size) {
  uLong crc = ::crc32(0L, Z_NULL, 0);
  while (size > 0) {
    const auto chunk = static_cast<uInt>(std::min<size_t>(size, 1u << 30));
    crc = ::crc32(crc, data, chunk);
    data += chunk;
    size -= chunk;
  }
  return static_cast<uint32_t>(crc);
}

bool gunzip(const Bytes& in, Bytes& out) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) return false;  // +32: gzip or zlib header
  z.next_in = const_cast<Bytes::value_type*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  out.clear();
  uint8_t buffer[1 << 14];
  int rc = Z_OK;
  // Seeds are a few KB: a mutated stream that inflates past 16 MiB is not worth mutating.
  while (rc == Z_OK && out.size() < (16u << 20)) {
    z.next_out = buffer;
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    out.insert(out.end(), buffer, buffer + (sizeof buffer - z.avail_out));
  }
  inflateEnd(&z);
  return rc == Z_STREAM_END;
}

Bytes gzip(const Bytes& in) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  Bytes out(deflateBound(&z, static_cast<uLong>(in.size())) + 32);
  z.next_in = const_cast<Bytes::value_type*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

void mutate_bytes(Bytes& data, Rng& rng) {
  const size_t n = data.size();
  switch (rng.below(9)) {
    case 0:  // truncate
      data.resize(rng.below(n + 1));
      break;
    case 1:  // flip a few bits
      if (n) {
        for (size_t k = 1 + rng.below(4); k > 0; --k) data[rng.below(n)] ^= 1u << rng.below(8);
      }
      break;
    case 2:  // insert bytes
      data.insert(data.begin() + rng.below(n + 1), 1 + rng.below(8),
                  rng.chance(0.5) ? kInterestingBytes[rng.below(sizeof kInterestingBytes)]
                                  : static_cast<uint8_t>(rng.next()));
      break;
    case 3:  // delete a range
      if (n) {
        const size_t at = rng.below(n);
        data.erase(data.begin() + at, data.begin() + at + 1 + rng.below(std::min<size_t>(n - at, 64)));
      }
      break;
    case 4:  // duplicate a range
      if (n) {
        const size_t at = rng.below(n), len = 1 + rng.below(std::min<size_t>(n - at, 256));
        const Bytes copy(data.begin() + at, data.begin() + at + len);
        data.insert(data.begin() + rng.below(n + 1), copy.begin(), copy.end());
      }
      break;
    case 5:  // an interesting byte
      if (n) data[rng.below(n)] = kInterestingBytes[rng.below(sizeof kInterestingBytes)];
      break;
    case 6:  // an interesting 32-bit value, either byte order
      if (n >= 4) {
        const size_t at = rng.below(n - 3);
        rng.chance(0.5) ? write_be(data, at, 4, interesting_u32(rng))
                        : write_le(data, at, 4, interesting_u32(rng));
      }
      break;
    case 7:  // random bytes over a range
      if (n) {
        const size_t at = rng.below(n);
        for (size_t i = at; i < std::min(n, at + 1 + rng.below(16)); ++i) {
          data[i] = static_cast<uint8_t>(rng.next());
        }
      }
      break;
    default:  // append garbage
      for (size_t k = 1 + rng.below(64); k > 0; --k) data.push_back(static_cast<uint8_t>(rng.next()));
      break;
  }
}

Bytes mutate(Shape shape, const Bytes& input, Rng& rng) {
  // A share of plain byte mutations whatever the format: a structured mutator only makes
  // inputs it can imagine.
  if (rng.chance(0.15)) {
    Bytes out = input;
    mutate_bytes(out, rng);
    return out;
  }
  switch (shape) {
    case Shape::kJson: return mutate_json(input, rng);
    case Shape::kCsv: return mutate_csv(input, rng);
    case Shape::kIdx: return mutate_idx(input, rng);
    case Shape::kImage: return mutate_image(input, rng);
    case Shape::kZip: return mutate_zip(input, rng);
    case Shape::kBundle: return mutate_bundle(input, rng);
  }
  return input;
}

Bytes make_case(Shape shape, const std::vector<Bytes>& corpus, const std::string& loader,
                uint64_t run_seed, uint64_t index) {
  if (corpus.empty()) return {};
  if (index < corpus.size()) return corpus[index];
  Rng rng(case_seed(loader, run_seed, index));
  Bytes data = corpus[rng.below(corpus.size())];
  const size_t rounds = rng.chance(0.7) ? 1 : 2 + rng.below(3);
  for (size_t r = 0; r < rounds; ++r) {
    Bytes next = mutate(shape, data, rng);
    // Stacked mutations can compound (an array repeated inside a repeated array): inputs stay
    // a few MB, which is all a loader needs to show it reads in proportion.
    if (next.size() > kMaxCaseBytes) break;
    data = std::move(next);
  }
  return data;
}

}  // namespace egeot::fuzz
