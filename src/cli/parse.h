#pragma once
// Flag values that CLI11 takes as text, so that "nan", "1e-3x" or an empty item is refused
// with a message naming the flag, rather than read as something else.
#include <string>
#include <utility>
#include <vector>

namespace egeot::cli {

// A finite number > 0.
double parse_positive(const std::string& flag, const std::string& text);
// A point "x1,x2,..." of exactly dim finite numbers.
std::vector<float> parse_point(const std::string& flag, const std::string& text, int64_t dim);
// A comma-separated list of finite numbers > 0 (e.g. --eps 0.1,1,10).
std::vector<double> parse_positive_list(const std::string& flag, const std::string& text);
// An eps range "MIN:MAX" with 0 < MIN < MAX (e.g. --eps-range 0.05:10).
std::pair<double, double> parse_eps_range(const std::string& flag, const std::string& text);
// A comma-separated list of integers >= 1 (e.g. --dims 2,16).
std::vector<int64_t> parse_dims(const std::string& flag, const std::string& text);
// A comma-separated list of seeds, integers >= 0 (e.g. --seeds 0,1,2).
std::vector<int64_t> parse_seeds(const std::string& flag, const std::string& text);

}  // namespace egeot::cli
