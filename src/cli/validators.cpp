#include "cli/validators.h"

#include <cmath>
#include <sstream>
#include <utility>

namespace egeot::cli {
namespace {

std::string number_text(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

CLI::Validator number_where(std::function<bool(double)> ok, const std::string& expected) {
  return CLI::Validator(
      [ok = std::move(ok), expected](std::string& text) -> std::string {
        double v = 0;
        if (CLI::detail::lexical_cast(text, v) && std::isfinite(v) && ok(v)) return {};
        return "expected " + expected;
      },
      "");
}

}  // namespace

CLI::Validator integer_where(std::function<bool(int64_t)> ok, const std::string& expected) {
  return CLI::Validator(
      [ok = std::move(ok), expected](std::string& text) -> std::string {
        int64_t v = 0;
        if (CLI::detail::lexical_cast(text, v) && ok(v)) return {};
        return "expected " + expected;
      },
      "");
}

CLI::Validator integer_at_least(int64_t min) {
  return integer_where([min](int64_t v) { return v >= min; },
                       "an integer >= " + std::to_string(min));
}

CLI::Validator integer_between(int64_t min, int64_t max) {
  return integer_where([min, max](int64_t v) { return v >= min && v <= max; },
                       "an integer " + std::to_string(min) + " to " + std::to_string(max));
}

CLI::Validator number_above(double min) {
  return number_where([min](double v) { return v > min; }, "a finite number > " + number_text(min));
}

CLI::Validator number_at_least(double min) {
  return number_where([min](double v) { return v >= min; },
                      "a finite number >= " + number_text(min));
}

CLI::Validator number_inside(double min, double max) {
  return number_where([min, max](double v) { return v > min && v < max; },
                      "a number in (" + number_text(min) + ", " + number_text(max) + ")");
}

CLI::Validator one_of(std::vector<std::string> words) {
  std::string expected;
  for (size_t i = 0; i < words.size(); ++i) {
    expected += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  }
  return CLI::Validator(
      [words = std::move(words), expected](std::string& text) -> std::string {
        for (const auto& w : words) {
          if (text == w) return {};
        }
        return "expected " + expected + ", got '" + text + "'";
      },
      "");
}

}  // namespace egeot::cli
