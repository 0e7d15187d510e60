#pragma once
// --eps and --eps-range, parsed as the command line is: "nan", "0" or "1e-3x" is refused
// before any work starts, and a command reads numbers, not text. The text is kept as given
// for the messages that quote it ("--eps 20: outside --eps-range 0.05:10").
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace egeot::cli {

// What a command's --eps holds (the syntax and messages of parse.h).
enum class EpsForm {
  kOne,        // one finite number > 0
  kList,       // comma-separated finite numbers > 0, e.g. 0.1,1,10
  kOneOrList,  // eval: one for a point scene, a list for an image scene; only the checkpoint
               // tells which, so the command parses `text` once it has loaded it
};

struct EpsFlag {
  std::string text;            // as given; empty when not given
  std::vector<double> values;  // kOne: the value, kList: the list, kOneOrList: empty
  bool given() const { return !text.empty(); }
  double value() const { return values.front(); }  // kOne, when given
};

// A flag with a default (`eps.text` set beforehand) shows and parses it as if given. An empty
// value on an optional flag without a default means "not given", as `--eps "$EPS"` with EPS
// unset expects; elsewhere it is refused like any other text that is not a number.
CLI::Option* add_eps_option(CLI::App* cmd, EpsFlag& eps, EpsForm form, const std::string& help);

struct EpsRangeFlag {
  std::string text;  // "MIN:MAX" as given; empty when not given
  double min = 0, max = 0;
  bool given() const { return !text.empty(); }
};

// --eps-range MIN:MAX with 0 < MIN < MAX; empty means "not given", as for --eps.
CLI::Option* add_eps_range_option(CLI::App* cmd, EpsRangeFlag& range, const std::string& help);

}  // namespace egeot::cli
