// IDX arrays, plain or gzip'd: header fields (type, rank, each dimension) set to values that
// break size arithmetic, data cut or extended; gzip'd files mutated inside and re-packed, or
// as raw gzip bytes.
#include "mutator_parts.h"

namespace egeot::fuzz {
namespace {

void mutate_plain_idx(Bytes& data, Rng& rng) {
  const size_t rank = data.size() >= 4 ? data[3] : 0;
  switch (rng.below(6)) {
    case 0:
      if (data.size() >= 4) data[2] = rng.chance(0.5) ? 0x0d : static_cast<uint8_t>(rng.next());
      break;
    case 1:
      if (data.size() >= 4) data[3] = rng.pick(std::vector<uint8_t>{0, 1, 2, 3, 4, 255});
      break;
    case 2:
    case 3:  // one dimension
      if (rank > 0) write_be(data, 4 + 4 * rng.below(rank), 4, interesting_u32(rng));
      break;
    case 4:  // data cut short or extended
      if (rng.chance(0.5)) {
        data.resize(rng.below(data.size() + 1));
      } else {
        data.resize(data.size() + 1 + rng.below(4096), static_cast<uint8_t>(rng.next()));
      }
      break;
    default:
      mutate_bytes(data, rng);
      break;
  }
}

}  // namespace

Bytes mutate_idx(const Bytes& input, Rng& rng) {
  const bool gzipped = input.size() >= 2 && input[0] == 0x1f && input[1] == 0x8b;
  Bytes inner;
  if (gzipped && rng.chance(0.7) && gunzip(input, inner)) {
    mutate_plain_idx(inner, rng);
    Bytes packed = gzip(inner);
    if (rng.chance(0.1)) mutate_bytes(packed, rng);
    return packed;
  }
  Bytes out = input;
  if (gzipped) {
    mutate_bytes(out, rng);
  } else {
    mutate_plain_idx(out, rng);
    if (rng.chance(0.1)) out = gzip(out);
  }
  return out;
}

}  // namespace egeot::fuzz
