// keep_freed_memory must really reach glibc: freed blocks are reused without the kernel mapping
// their pages again. (It was once compiled out because no libc header preceded its
// __GLIBC__ test, and every training step page-faulted its activations anew.)
#include "test_prelude.h"

#include "base/allocator.h"

#include <sys/mman.h>
#include <sys/resource.h>

#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

long minor_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

// Allocates and touches `count` blocks of `bytes`, frees them newest first (so they merge into
// the heap's top), and returns the page faults it took.
long faults_of_one_use(size_t count, size_t bytes) {
  const long before = minor_faults();
  std::vector<char*> blocks;
  for (size_t i = 0; i < count; ++i) {
    blocks.push_back(static_cast<char*>(std::malloc(bytes)));
    REQUIRE(blocks.back() != nullptr);
    std::memset(blocks.back(), 1, bytes);
  }
  for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) std::free(*it);
  return minor_faults() - before;
}

}  // namespace

TEST_SUITE("allocator") {
  TEST_CASE("a freed block is reused without new page faults") {
#if defined(__GLIBC__)
    egeot::keep_freed_memory();
    const size_t bytes = size_t(24) << 20;  // 6144 pages of 4 KiB
    // The counter sees faults: fresh pages from the kernel fault once each.
    void* fresh = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(fresh != MAP_FAILED);
    const long before = minor_faults();
    std::memset(fresh, 1, bytes);
    const long mapped = minor_faults() - before;
    munmap(fresh, bytes);
    CHECK(mapped > 1000);

    // 96 MiB in 1 MiB blocks: more than glibc's own heuristics ever keep (they trim a free top
    // above twice the largest block seen, at most 64 MiB).
    faults_of_one_use(96, size_t(1) << 20);  // may grow the heap: the pages are new to it
    const long second = faults_of_one_use(96, size_t(1) << 20);
    const long third = faults_of_one_use(96, size_t(1) << 20);
    INFO("faults: fresh mapping " << mapped << ", second use " << second << ", third " << third);
    // Without the thresholds glibc maps the block afresh (or grows the heap) on the second use:
    // one fault per page. Kept, only a handful (the stack, a counter page) remain.
    CHECK(second < 64);
    CHECK(third < 64);
#else
    MESSAGE("not glibc: keep_freed_memory is a no-op here");
    CHECK_NOTHROW(egeot::keep_freed_memory());
#endif
  }
}
