#pragma once
// Whether the TorchScript source in a torch archive (code/**.py) is safe to hand to LibTorch
// 1.13's importer, which recurses without limit: a class whose attribute types lead back to
// itself, or brackets nested thousands deep, overflow its stack. A data archive (weights,
// optimiser state, chains: what torch::save writes) must moreover hold nothing but data
// classes: attribute declarations, no methods.
#include <string>
#include <utility>
#include <vector>

namespace egeot {

// files: (path in the archive below its root, e.g. "code/__torch__/___torch_mangle_1.py",
// source). Returns "" when fine, else what is wrong, in a few words.
std::string torchscript_code_problem(const std::vector<std::pair<std::string, std::string>>& files,
                                     bool data_only);

}  // namespace egeot
