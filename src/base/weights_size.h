#pragma once
// A config.json names a network's shape and a weights file holding it; the network is built
// (its parameters allocated) before the file is read. A damaged or hostile config of a few
// bytes could describe billions of parameters; the weights file is the proportion: it must
// be able to hold at least half the float32 parameters the config describes,
// or nothing is allocated.
#include <string>

namespace egeot {

// Throws InputError naming `weights` when that file (if it exists: a missing one is reported
// by whoever reads it) has fewer than 2 bytes per parameter; `config` names what describes it.
void check_weights_can_hold(const std::string& weights, double parameters, const std::string& config);

}  // namespace egeot
