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

}  // namespace egeot
