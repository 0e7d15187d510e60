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

// OpenBLAS's pool size at run time (a no-op on another BLAS).
void set_blas_threads(int threads);

// The other way round for image chains: their work is convolutions over a batch of chains,
// which torch splits by sample while OpenBLAS sees only small per-sample products. There torch
// takes `threads` (0: every core) and OpenBLAS one, so the two pools never oversubscribe.
// Returns the torch threads now in use.
int use_torch_threads(int threads = 0);

}  // namespace egeot
