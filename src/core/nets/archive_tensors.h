#pragma once
// Tensors torch reads from a file view their storage through sizes, strides and an offset the
// file states, and LibTorch 1.13 does not check them against the storage: a damaged file gave
// tensors whose elements lay outside their memory, read (or written) by the next operation.
// These walk everything a load produced and refuse such a tensor before anything touches it.
#include <torch/script.h>
#include <torch/serialize/input-archive.h>

#include <string>

namespace egeot {

// Throw InputError naming path at the first tensor that reaches past its storage, has a
// negative size, stride or offset, or is of a layout egeot does not read (sparse, quantized).
void check_archive_tensors(torch::serialize::InputArchive& archive, const std::string& path);
// A TorchScript module: its attributes, submodules and the tensor constants of its methods.
void check_module_tensors(const torch::jit::Module& module, const std::string& path);

}  // namespace egeot
