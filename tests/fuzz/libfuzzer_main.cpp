// libFuzzer's entry points (the EGEOT_LIBFUZZER build only): EGEOT_FUZZ_LOADER names the
// harness; mutations alternate between libFuzzer's own and the structured mutator's.
#include "harnesses.h"
#include "mutator.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {
const egeot::fuzz::Loader* g_loader = nullptr;
}  // namespace

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* name = std::getenv("EGEOT_FUZZ_LOADER");
  g_loader = name ? egeot::fuzz::find_loader(name) : nullptr;
  if (!g_loader) {
    std::fprintf(stderr, "egeot_libfuzzer: set EGEOT_FUZZ_LOADER to one of:");
    for (const auto& l : egeot::fuzz::all_loaders()) std::fprintf(stderr, " %s", l.name.c_str());
    std::fprintf(stderr, "\n");
    std::exit(2);
  }
  egeot::fuzz::prepare_process("");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  g_loader->harness(data, size);
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size, unsigned int seed) {
  egeot::fuzz::Rng rng(seed);
  if (rng.chance(0.5)) return LLVMFuzzerMutate(data, size, max_size);
  const auto out = egeot::fuzz::mutate(g_loader->shape, egeot::fuzz::Bytes(data, data + size), rng);
  if (out.size() > max_size) return LLVMFuzzerMutate(data, size, max_size);
  std::memcpy(data, out.data(), out.size());
  return out.size();
}
