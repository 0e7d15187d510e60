#pragma once
// Bad input from a user (a file, a field, a flag) as opposed to a bug: the CLI prints
// what() on one line and exits with code 2; the studio shows it and keeps running.
#include <stdexcept>
#include <string>

namespace egeot {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

// The first line of an error's message, for one-line displays.
inline std::string first_line(const std::exception& e) {
  const std::string what = e.what();
  return what.substr(0, what.find('\n'));
}

}  // namespace egeot
