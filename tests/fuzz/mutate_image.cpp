// Images, by magic: PNG chunk-aware (header fields, scanlines re-compressed, chunks dropped or
// repeated, CRCs fixed so the decoder gets past them), and the header fields of JPEG, BMP,
// GIF, TGA and PNM set to sizes and depths that break allocation arithmetic.
#include "mutator_parts.h"

#include <zlib.h>

#include <cctype>
#include <cstring>
#include <initializer_list>
#include <string>
#include <utility>

namespace egeot::fuzz {
namespace {

struct Field {
  size_t at;
  int width;
  bool big_endian;
};

void set_field(Bytes& data, const Field& f, Rng& rng) {
  uint32_t v = interesting_u32(rng);
  if (f.width == 2 && rng.chance(0.7)) v = rng.pick(std::vector<uint32_t>{0, 1, 2, 255, 256, 16384, 65500, 65535});
  if (f.width == 1 && rng.chance(0.7)) v = rng.pick(std::vector<uint32_t>{0, 1, 2, 4, 8, 12, 16, 24, 32, 255});
  f.big_endian ? write_be(data, f.at, f.width, v) : write_le(data, f.at, f.width, v);
}

// --- PNG ---

struct Chunk {
  std::string type;
  Bytes data;
};

bool parse_png(const Bytes& d, std::vector<Chunk>& chunks) {
  size_t at = 8;
  while (at + 12 <= d.size()) {
    const uint32_t len = read_be(d, at, 4);
    if (len > d.size() - at - 12) return false;
    chunks.push_back({std::string(d.begin() + at + 4, d.begin() + at + 8),
                      Bytes(d.begin() + at + 8, d.begin() + at + 8 + len)});
    at += 12 + len;
  }
  return !chunks.empty() && chunks[0].type == "IHDR";
}

Bytes write_png(const std::vector<Chunk>& chunks) {
  Bytes out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  for (const auto& c : chunks) {
    Bytes body(c.type.begin(), c.type.end());
    body.insert(body.end(), c.data.begin(), c.data.end());
    const size_t at = out.size();
    out.resize(at + 4);
    write_be(out, at, 4, static_cast<uint32_t>(c.data.size()));
    out.insert(out.end(), body.begin(), body.end());
    const size_t crc_at = out.size();
    out.resize(crc_at + 4);
    write_be(out, crc_at, 4, crc32_of(body.data(), body.size()));
  }
  return out;
}

Bytes zlib_compress(const Bytes& in) {
  uLongf size = compressBound(static_cast<uLong>(in.size()));
  Bytes out(size);
  compress2(out.data(), &size, in.data(), static_cast<uLong>(in.size()), Z_DEFAULT_COMPRESSION);
  out.resize(size);
  return out;
}

Bytes mutate_png(const Bytes& input, Rng& rng) {
  std::vector<Chunk> chunks;
  if (!parse_png(input, chunks)) {
    Bytes out = input;
    mutate_bytes(out, rng);
    return out;
  }
  Chunk& ihdr = chunks[0];
  const size_t which = rng.below(chunks.size());
  switch (rng.below(8)) {
    case 0:
    case 1:  // width or height
      if (ihdr.data.size() >= 13) write_be(ihdr.data, rng.chance(0.5) ? 0 : 4, 4, interesting_u32(rng));
      break;
    case 2:  // bit depth, colour type, compression, filter or interlace
      if (ihdr.data.size() >= 13) {
        ihdr.data[8 + rng.below(5)] =
            rng.chance(0.7) ? rng.pick(std::vector<uint8_t>{0, 1, 2, 3, 4, 6, 8, 16}) : static_cast<uint8_t>(rng.next());
      }
      break;
    case 3: {  // the scanlines themselves: filter bytes and pixels, re-compressed
      Bytes zdata, raw;
      for (const auto& c : chunks) {
        if (c.type == "IDAT") zdata.insert(zdata.end(), c.data.begin(), c.data.end());
      }
      if (!gunzip(zdata, raw)) raw = zdata;
      mutate_bytes(raw, rng);
      std::vector<Chunk> kept;
      bool placed = false;
      for (auto& c : chunks) {
        if (c.type != "IDAT") {
          kept.push_back(std::move(c));
        } else if (!placed) {
          kept.push_back({"IDAT", zlib_compress(raw)});
          placed = true;
        }
      }
      chunks = std::move(kept);
      break;
    }
    case 4:  // one chunk's bytes, CRC fixed
      mutate_bytes(chunks[which].data, rng);
      break;
    case 5:  // a chunk dropped, repeated or moved
      if (rng.chance(0.4)) {
        chunks.erase(chunks.begin() + which);
      } else if (rng.chance(0.5)) {
        chunks.insert(chunks.begin() + rng.below(chunks.size() + 1), chunks[which]);
      } else {
        std::swap(chunks[which], chunks[rng.below(chunks.size())]);
      }
      break;
    case 6: {  // a palette or transparency chunk of an odd size
      Bytes data(rng.pick(std::vector<size_t>{0, 1, 3, 6, 768, 771, 1024}), 0x80);
      chunks.insert(chunks.begin() + 1, {rng.chance(0.5) ? "PLTE" : "tRNS", data});
      break;
    }
    default: {  // a length or CRC that lies
      Bytes out = write_png(chunks);
      size_t at = 8;
      for (size_t i = 0; i < which; ++i) at += 12 + chunks[i].data.size();
      write_be(out, rng.chance(0.5) ? at : at + 8 + chunks[which].data.size(), 4, interesting_u32(rng));
      return out;
    }
  }
  return write_png(chunks);
}

// --- JPEG: the segments before the scan data ---

Bytes mutate_jpeg(const Bytes& input, Rng& rng) {
  Bytes out = input;
  std::vector<std::pair<uint8_t, size_t>> segments;  // marker, offset of its 0xFF
  for (size_t at = 2; at + 4 <= out.size() && out[at] == 0xff;) {
    segments.emplace_back(out[at + 1], at);
    if (out[at + 1] == 0xda) break;  // start of scan: entropy-coded data follows
    at += 2 + read_be(out, at + 2, 2);
  }
  std::vector<Field> fields;
  for (const auto& [marker, at] : segments) {
    if (marker >= 0xc0 && marker <= 0xc2) {  // frame header: precision, height, width, components
      fields.push_back({at + 4, 1, true});
      fields.push_back({at + 5, 2, true});
      fields.push_back({at + 7, 2, true});
      fields.push_back({at + 9, 1, true});
      for (size_t c = 0; c < 4; ++c) fields.push_back({at + 11 + 3 * c, 1, true});  // sampling
    }
    if (marker == 0xda) {  // scan header: components, spectral selection, approximation
      const size_t n = at + 4 < out.size() ? out[at + 4] : 0;
      fields.push_back({at + 4, 1, true});
      for (size_t k = 0; k < 3; ++k) fields.push_back({at + 5 + 2 * n + k, 1, true});
    }
    if (marker == 0xdd) fields.push_back({at + 4, 2, true});  // restart interval
    fields.push_back({at + 2, 2, true});                       // every segment's length
  }
  if (fields.empty() || rng.chance(0.3)) {
    if (!segments.empty() && rng.chance(0.5)) {  // inside one segment (tables)
      const auto [marker, at] = segments[rng.below(segments.size())];
      const size_t len = read_be(out, at + 2, 2);
      for (size_t k = 1 + rng.below(4); k > 0 && len > 2; --k) {
        const size_t i = at + 4 + rng.below(len - 2);
        if (i < out.size()) out[i] = static_cast<uint8_t>(rng.next());
      }
    } else {
      mutate_bytes(out, rng);
    }
    return out;
  }
  set_field(out, rng.pick(fields), rng);
  return out;
}

// --- PNM: the header is text ---

Bytes mutate_pnm(const Bytes& input, Rng& rng) {
  std::string text(input.begin(), input.end());
  std::vector<std::pair<size_t, size_t>> numbers;  // the header's width, height and maxval
  size_t at = 2;
  while (numbers.size() < 3 && at < text.size()) {
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
    const size_t start = at;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
    if (at == start) break;
    numbers.emplace_back(start, at - start);
  }
  if (numbers.empty() || rng.chance(0.3)) {
    Bytes out = input;
    mutate_bytes(out, rng);
    return out;
  }
  static const std::vector<std::string> kValues = {"0", "1", "-1", "65535", "65536", "16777216",
                                                   "99999999999", "4294967296", "2147483647", ""};
  const auto [start, len] = rng.pick(numbers);
  text.replace(start, len, rng.pick(kValues));
  return Bytes(text.begin(), text.end());
}

bool starts_with(const Bytes& d, const char* magic) {
  const size_t n = std::strlen(magic);
  return d.size() >= n && std::memcmp(d.data(), magic, n) == 0;
}

}  // namespace

Bytes mutate_image(const Bytes& input, Rng& rng) {
  if (starts_with(input, "\x89PNG")) return mutate_png(input, rng);
  if (starts_with(input, "\xff\xd8")) return mutate_jpeg(input, rng);
  if (input.size() >= 2 && input[0] == 'P' && input[1] >= '1' && input[1] <= '6') {
    return mutate_pnm(input, rng);
  }
  std::vector<Field> fields;
  const auto little = [&](std::initializer_list<std::pair<size_t, int>> list) {
    for (const auto& [at, width] : list) fields.push_back({at, width, false});
  };
  if (starts_with(input, "BM")) {
    // Data offset, header size, width, height, planes, bits per pixel, compression, colours.
    little({{10, 4}, {14, 4}, {18, 4}, {22, 4}, {26, 2}, {28, 2}, {30, 4}, {46, 4}});
  } else if (starts_with(input, "GIF8")) {
    // Screen size, colour table flags; the first image descriptor's size and flags.
    little({{6, 2}, {8, 2}, {10, 1}});
    const size_t table = (input.size() > 10 && (input[10] & 0x80)) ? 3u << ((input[10] & 7) + 1) : 0;
    for (size_t at = 13 + table; at < input.size(); ++at) {
      if (input[at] == 0x2c) {
        little({{at + 5, 2}, {at + 7, 2}, {at + 9, 1}, {at + 10, 1}});
        break;
      }
    }
  } else {
    // TGA has no magic: colour map, width, height, bits per pixel, descriptor, image type.
    little({{1, 1}, {2, 1}, {5, 2}, {7, 1}, {12, 2}, {14, 2}, {16, 1}, {17, 1}});
  }
  Bytes out = input;
  if (rng.chance(0.35)) {
    mutate_bytes(out, rng);
  } else {
    set_field(out, rng.pick(fields), rng);
  }
  return out;
}

}  // namespace egeot::fuzz
