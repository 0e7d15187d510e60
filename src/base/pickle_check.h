#pragma once
// Whether a pickle in a torch archive is safe to hand to LibTorch 1.13's unpickler, which
// trusts its input: it pops from an empty stack, indexes past it for an odd DICT, grows its
// memo to any index the file names and reads any string length the file claims. This
// replays the pickle on a stack of abstract values and refuses what would make the
// unpickler read or allocate out of bounds, including a tensor storage claiming more bytes
// than its record holds.
#include <cstdint>
#include <functional>
#include <string>

namespace egeot {

// record_size(key): bytes of the storage record for persistent id `key`, or -1 when the
// archive has none (torch then reports the missing record itself). Returns "" when the
// pickle is fine, else what is wrong, in a few words.
std::string pickle_problem(const std::string& pickle,
                           const std::function<int64_t(const std::string&)>& record_size);

}  // namespace egeot
