#pragma once
// glibc's malloc hands every block above its (dynamic) mmap threshold back to the kernel when
// freed, and trims the heap's top; a training step frees and re-allocates the same few-MB
// activations hundreds of times a second, so each one page-faults afresh. Measured on
// `egeot train --scene fashion-sneaker-to-boot --iters 60`: 45.1 s wall, 12.0 s of it in the
// kernel; 33.9 s and 1.4 s after this call (29.9 s and 1.5 s with the same thresholds set
// through GLIBC_TUNABLES, in another run). A resumed run escaped it by
// chance: loading the checkpoint freed a large block early, which raised the threshold.
namespace egeot {

// Keeps freed blocks up to 32 MiB in the process and stops trimming the heap (glibc only; a
// no-op elsewhere). Call once at start-up, before the first large tensor.
void keep_freed_memory();

}  // namespace egeot
