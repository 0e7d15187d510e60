#pragma once
// The network widths as the panel's text field shows them: "128, 128, 128".
#include <cstdint>
#include <string>
#include <vector>

namespace egeot::studio {

// False (and *out untouched) unless the text is 1 to 8 integers in 1..4096, separated by
// commas or spaces.
bool parse_widths(const std::string& text, std::vector<int64_t>* out);
std::string format_widths(const std::vector<int64_t>& widths);

}  // namespace egeot::studio
