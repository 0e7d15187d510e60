#pragma once
// CLI11 validators in egeot's wording. They refuse a bad value while the command line is
// parsed, before any work starts; CLI11 puts the flag in front, so the line reads
// "--iters: expected an integer >= 0". (CLI11's own Range and PositiveNumber print their
// bounds as "0.000000 to 1797693...", three hundred digits long.) The text is checked with the
// conversion CLI11 then applies, so what passes here always converts.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace egeot::cli {

// An integer for which `ok` holds, else "expected <expected>".
CLI::Validator integer_where(std::function<bool(int64_t)> ok, const std::string& expected);
CLI::Validator integer_at_least(int64_t min);              // "an integer >= MIN"
CLI::Validator integer_between(int64_t min, int64_t max);  // "an integer MIN to MAX", both included
CLI::Validator number_above(double min);                   // "a finite number > MIN"
CLI::Validator number_at_least(double min);                // "a finite number >= MIN"
CLI::Validator number_inside(double min, double max);      // "a number in (MIN, MAX)", both excluded
// One of `words`: "expected a, b or c, got 'x'".
CLI::Validator one_of(std::vector<std::string> words);

}  // namespace egeot::cli
