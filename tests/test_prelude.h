#pragma once
// Torch first: Debian's LibTorch pulls in glog, whose CHECK would otherwise replace
// doctest's (tests then count zero assertions; main() fails such a run).
#include <torch/torch.h>

#include <doctest/doctest.h>

#include "base/error.h"

#include <functional>
#include <string>

namespace egeot::test {

// A fresh empty directory under the build tree's temp area for one test.
std::string temp_dir(const std::string& name);

// The InputError message f throws, or "(no error)", for checks on what a user would read.
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace egeot::test
