// CSV (the training log): whole-row edits and odd first fields, then plain text edits.
#include "mutator_parts.h"

#include <algorithm>
#include <string>

namespace egeot::fuzz {

Bytes mutate_csv(const Bytes& input, Rng& rng) {
  std::vector<std::string> rows;
  std::string row;
  for (uint8_t c : input) {
    row += static_cast<char>(c);
    if (c == '\n') {
      rows.push_back(row);
      row.clear();
    }
  }
  if (!row.empty()) rows.push_back(row);  // the last row without its newline
  static const std::vector<std::string> kFirstFields = {
      "-1", "0", "99999999999999999999", "-9223372036854775808", "1e3", "+5", " 5", "",
      "5x", "0x10", "nan", "\xff"};
  const size_t n = rows.size();
  const size_t at = rng.below(n + 1);
  switch (rng.below(7)) {
    case 0:
      if (n) rows.insert(rows.begin() + at, rows[rng.below(n)]);
      break;
    case 1:
      if (at < n) rows.erase(rows.begin() + at);
      break;
    case 2:  // the log cut off mid-row
      if (n && !rows.back().empty()) rows.back().resize(rng.below(rows.back().size()));
      break;
    case 3:
      rows.insert(rows.begin() + at, rng.pick(kFirstFields) + ",1,2,3\n");
      break;
    case 4:
      rows.insert(rows.begin() + at, std::string(1 + rng.below(1 << 20), rng.chance(0.5) ? ',' : '7') + "\n");
      break;
    case 5:
      rows.insert(rows.begin() + at, rng.chance(0.5) ? "\r\n" : "\n");
      break;
    default:
      if (at < n) rows[at] = rng.pick(kFirstFields) + rows[at].substr(std::min(rows[at].find(','), rows[at].size()));
      break;
  }
  Bytes out;
  for (const auto& r : rows) out.insert(out.end(), r.begin(), r.end());
  return out;
}

}  // namespace egeot::fuzz
