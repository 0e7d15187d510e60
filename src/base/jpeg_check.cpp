#include "base/jpeg_check.h"

#include <cstdint>

namespace egeot {

std::string jpeg_tables_problem(const std::string& jpeg) {
  const auto byte = [&](size_t i) -> unsigned { return i < jpeg.size() ? static_cast<uint8_t>(jpeg[i]) : 0u; };
  bool dc[4] = {}, ac[4] = {};
  bool progressive = false;
  size_t at = 2;
  while (at + 4 <= jpeg.size()) {
    if (byte(at) != 0xff) return "";  // lost the markers: stb_image reports it
    while (byte(at + 1) == 0xff && at + 2 < jpeg.size()) ++at;  // fill bytes
    const unsigned marker = byte(at + 1);
    if (marker == 0xd9) return "";
    if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2;
      continue;
    }
    const size_t length = byte(at + 2) << 8 | byte(at + 3);
    const size_t begin = at + 4, end = at + 2 + length;
    if (length < 2 || end > jpeg.size()) return "";
    if (marker == 0xc2) progressive = true;
    if (marker == 0xc4) {  // DHT: class and id, 16 counts, the values
      for (size_t p = begin; p + 17 <= end;) {
        const unsigned table = byte(p), id = table & 15;
        size_t values = 0;
        for (size_t i = 1; i <= 16; ++i) values += byte(p + i);
        if (id < 4) (table >> 4 ? ac : dc)[id] = true;
        p += 17 + values;
      }
    }
    if (marker == 0xda) {  // SOS: each component's DC and AC table, then Ss, Se, Ah/Al
      const size_t n = byte(begin);
      const unsigned ss = byte(begin + 1 + 2 * n), ah = byte(begin + 3 + 2 * n) >> 4;
      for (size_t c = 0; c < n; ++c) {
        const unsigned tables = byte(begin + 2 + 2 * c), td = tables >> 4, ta = tables & 15;
        const bool needs_dc = !progressive || (ss == 0 && ah == 0);
        const bool needs_ac = !progressive || ss != 0;
        if ((needs_dc && (td > 3 || !dc[td])) || (needs_ac && (ta > 3 || !ac[ta]))) {
          return "a scan uses a Huffman table the file does not define";
        }
      }
      // The entropy-coded data runs to the next marker that is not a stuffed 0 or a restart.
      at = end;
      while (at + 1 < jpeg.size() &&
             !(byte(at) == 0xff && byte(at + 1) != 0 && !(byte(at + 1) >= 0xd0 && byte(at + 1) <= 0xd7))) {
        ++at;
      }
      continue;
    }
    at = end;
  }
  return "";
}

}  // namespace egeot
