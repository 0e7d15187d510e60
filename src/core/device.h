#pragma once
// One torch::Device chosen at start-up: CUDA when LibTorch has it and the user allows.
#include <torch/types.h>

#include <string>

namespace egeot {

// want: "auto" (CUDA if available), "cpu" or "cuda". Throws InputError for "cuda"
// when this LibTorch has no CUDA, or for an unknown name.
torch::Device pick_device(const std::string& want);

// Torch intra-op threads at 1 on CPU: OpenBLAS owns the cores, and torch's pool on top of
// OpenBLAS's was measured 4x slower on these 2-core machines.
void configure_cpu_threads();

}  // namespace egeot
