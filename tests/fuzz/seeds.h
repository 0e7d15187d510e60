#pragma once
// Seeds that are generated rather than committed, being binary files torch writes: tiny
// checkpoints, generator and classifier directories (as bundles, bundle.h) and TorchScript
// generators. Needs torch, so a driver
// calls it in a child process (its parent never initialises torch before forking).
#include <string>

namespace egeot::fuzz {

// Writes dir/<loader>/* for the loaders above; throws on failure.
void write_generated_seeds(const std::string& dir);

}  // namespace egeot::fuzz
