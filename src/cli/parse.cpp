#include "cli/parse.h"

#include "base/error.h"

#include <cmath>
#include <sstream>

namespace egeot::cli {
namespace {

bool parse_double(const std::string& text, double* out) {
  try {
    size_t used = 0;
    const double v = std::stod(text, &used);
    if (text.find_first_not_of(" \t", used) != std::string::npos || !std::isfinite(v)) return false;
    *out = v;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) items.push_back(item);
  if (!text.empty() && text.back() == ',') items.emplace_back();
  return items;
}

}  // namespace

double parse_positive(const std::string& flag, const std::string& text) {
  double v = 0;
  if (parse_double(text, &v) && v > 0) return v;
  throw InputError(flag + ": expected a finite number > 0, got '" + text + "'");
}

std::vector<float> parse_point(const std::string& flag, const std::string& text, int64_t dim) {
  std::vector<float> values;
  for (const auto& item : split(text)) {
    double v = 0;
    if (!parse_double(item, &v)) {
      throw InputError(flag + " '" + text + "': expected " + std::to_string(dim) +
                       " comma-separated finite numbers, '" + item + "' is not one");
    }
    values.push_back(static_cast<float>(v));
  }
  if (static_cast<int64_t>(values.size()) != dim) {
    throw InputError(flag + " '" + text + "': expected " + std::to_string(dim) +
                     " comma-separated numbers (the scene's dimension), got " + std::to_string(values.size()));
  }
  return values;
}

std::vector<double> parse_positive_list(const std::string& flag, const std::string& text) {
  std::vector<double> out;
  for (const auto& item : split(text)) {
    double v = 0;
    if (!parse_double(item, &v) || !(v > 0)) {
      throw InputError(flag + " '" + text + "': expected comma-separated finite numbers > 0, '" + item +
                       "' is not one");
    }
    out.push_back(v);
  }
  if (out.empty()) throw InputError(flag + ": expected at least one number > 0");
  return out;
}

std::pair<double, double> parse_eps_range(const std::string& flag, const std::string& text) {
  const auto colon = text.find(':');
  double lo = 0, hi = 0;
  const std::string expected = ": expected MIN:MAX with 0 < MIN < MAX (e.g. 0.05:10), got '" + text + "'";
  if (colon == std::string::npos || !parse_double(text.substr(0, colon), &lo) ||
      !parse_double(text.substr(colon + 1), &hi)) {
    throw InputError(flag + expected);
  }
  if (!(lo > 0)) throw InputError(flag + expected + " (MIN must be > 0)");
  if (!(lo < hi)) throw InputError(flag + expected + (lo == hi ? " (the range is empty)" : " (the range is inverted)"));
  return {lo, hi};
}

std::vector<int64_t> parse_dims(const std::string& flag, const std::string& text) {
  std::vector<int64_t> out;
  for (const auto& item : split(text)) {
    try {
      size_t used = 0;
      const long long v = std::stoll(item, &used);
      if (used == item.size() && v >= 1) {
        out.push_back(v);
        continue;
      }
    } catch (const std::exception&) {
    }
    throw InputError(flag + " '" + text + "': expected comma-separated integers >= 1, '" + item + "' is not one");
  }
  if (out.empty()) throw InputError(flag + ": expected at least one dimension");
  return out;
}

std::vector<int64_t> parse_seeds(const std::string& flag, const std::string& text) {
  std::vector<int64_t> out;
  for (const auto& item : split(text)) {
    try {
      size_t used = 0;
      const long long v = std::stoll(item, &used);
      if (used == item.size() && v >= 0) {
        out.push_back(v);
        continue;
      }
    } catch (const std::exception&) {
    }
    throw InputError(flag + " '" + text + "': expected comma-separated integers >= 0, '" + item + "' is not one");
  }
  if (out.empty()) throw InputError(flag + ": expected at least one seed");
  return out;
}

}  // namespace egeot::cli
