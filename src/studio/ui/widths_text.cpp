#include "studio/ui/widths_text.h"

#include <cctype>

namespace egeot::studio {

bool parse_widths(const std::string& text, std::vector<int64_t>* out) {
  std::vector<int64_t> widths;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ',' || std::isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    int64_t v = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      v = v * 10 + (text[i++] - '0');
      if (v > 4096) return false;
    }
    if (v < 1) return false;
    widths.push_back(v);
  }
  if (widths.empty() || widths.size() > 8) return false;
  *out = widths;
  return true;
}

std::string format_widths(const std::vector<int64_t>& widths) {
  std::string out;
  for (auto w : widths) out += (out.empty() ? "" : ", ") + std::to_string(w);
  return out;
}

}  // namespace egeot::studio
