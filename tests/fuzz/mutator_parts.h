#pragma once
// The format-aware mutators behind mutate() (mutator.h), one file per format.
#include "mutator.h"

namespace egeot::fuzz {

// Byte-level: truncation, bit flips, byte insert/delete/duplicate, interesting values.
void mutate_bytes(Bytes& data, Rng& rng);

// Values that tend to break size checks: 0, 1, powers of two and their neighbours, all ones.
uint32_t interesting_u32(Rng& rng);

// Big- and little-endian field access; out-of-range offsets are ignored or read as 0.
uint32_t read_be(const Bytes& data, size_t at, int width);
void write_be(Bytes& data, size_t at, int width, uint32_t value);
uint32_t read_le(const Bytes& data, size_t at, int width);
void write_le(Bytes& data, size_t at, int width, uint32_t value);

// zlib's CRC-32 (the one PNG, zip, gzip and checkpoint digests use).
uint32_t crc32_of(const uint8_t* data, size_t size);

// gzip (de)compression for nested mutation; inflate returns false on a damaged stream.
bool gunzip(const Bytes& in, Bytes& out);
Bytes gzip(const Bytes& in);

// Bracket depth of JSON text; deeper documents are not built as a DOM (dumping one recurses).
size_t json_nesting(const std::string& text);
constexpr size_t kMaxDomDepth = 200;

Bytes mutate_json(const Bytes& text, Rng& rng);
Bytes mutate_csv(const Bytes& text, Rng& rng);
Bytes mutate_idx(const Bytes& data, Rng& rng);    // plain or gzip'd
Bytes mutate_image(const Bytes& data, Rng& rng);  // PNG, JPEG, BMP, GIF, TGA, PNM by magic
Bytes mutate_zip(const Bytes& data, Rng& rng);    // torch's archives: zip, stored entries
Bytes mutate_bundle(const Bytes& data, Rng& rng);

}  // namespace egeot::fuzz
