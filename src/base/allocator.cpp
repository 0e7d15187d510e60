#include "base/allocator.h"

// Any libc header defines __GLIBC__; without one before the test below, the call is compiled out.
#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace egeot {

void keep_freed_memory() {
#if defined(__GLIBC__)
  // 32 MiB is glibc's ceiling for the mmap threshold on 64-bit; larger blocks (a whole
  // dataset) are allocated once and may still be mapped.
  mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
#endif
}

}  // namespace egeot
