#pragma once
// A look at a torch file (torch::save's archives, TorchScript modules: zip files) before
// torch reads it, since LibTorch 1.13's reader trusts the file. It allocates the size the zip
// directory claims for an entry before reading a byte of it (a damaged 10 KB file claimed
// 4 GiB); its unpickler pops from an empty stack on a damaged pickle; its TorchScript
// importer recurses without limit on classes that contain themselves. Each of those ended in
// a crash or a huge allocation instead of an error; this refuses them first. What is not a
// zip file at all is left to torch, whose own message says so.
#include <string>

namespace egeot {

enum class TorchArchive {
  kData,    // torch::save / OutputArchive: weights, optimiser state, chains
  kModule,  // a TorchScript module, with methods
};

// Throws InputError naming path when an entry claims more bytes than the file holds, a
// pickle would make the unpickler read or allocate out of bounds, or the code is unsafe to
// import (for kData: anything but data classes).
void check_torch_archive(const std::string& path, TorchArchive kind);

}  // namespace egeot
