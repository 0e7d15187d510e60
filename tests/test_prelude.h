#pragma once
// Torch first: Debian's LibTorch pulls in glog, whose CHECK would otherwise replace
// doctest's (tests then count zero assertions; main() fails such a run).
#include <torch/torch.h>

#include <doctest/doctest.h>

#include <string>

namespace egeot::test {

// A fresh empty directory under the build tree's temp area for one test.
std::string temp_dir(const std::string& name);

}  // namespace egeot::test
