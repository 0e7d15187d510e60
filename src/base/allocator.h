#pragma once
// glibc's malloc hands every block above its (dynamic) mmap threshold back to the kernel when
// freed, and trims the heap's top; a training step frees and re-allocates the same activations
// hundreds of times a second, so each one page-faults afresh (on the 2D toys about a millisecond
// of kernel time per step; on the image scenes a quarter of the wall time).
namespace egeot {

// Keeps freed blocks up to 32 MiB in the process and stops trimming the heap (glibc only; a
// no-op elsewhere). Call once at start-up, before the first large tensor.
void keep_freed_memory();

}  // namespace egeot
