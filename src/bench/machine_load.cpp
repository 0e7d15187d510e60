#include "bench/machine_load.h"

#include <ATen/Parallel.h>

#include <cstdio>
#include <fstream>
#include <thread>

// OpenBLAS's pool size; weak, so a build on another BLAS still links.
extern "C" int openblas_get_num_threads() __attribute__((weak));

namespace egeot {

MachineLoad machine_load() {
  MachineLoad m;
  std::ifstream in("/proc/loadavg");
  if (!(in >> m.load1 >> m.load5 >> m.load15)) m.load1 = m.load5 = m.load15 = -1;
  m.cores = std::thread::hardware_concurrency();
  m.torch_threads = at::get_num_threads();
  if (openblas_get_num_threads) m.blas_threads = openblas_get_num_threads();
  return m;
}

std::string MachineLoad::text() const {
  char buf[160];
  char load[64] = "load unknown";
  if (load1 >= 0) std::snprintf(load, sizeof load, "load %.2f %.2f %.2f", load1, load5, load15);
  char blas[48] = "BLAS threads unknown (not OpenBLAS)";
  if (blas_threads >= 0)
    std::snprintf(blas, sizeof blas, "OpenBLAS %d thread%s", blas_threads,
                  blas_threads == 1 ? "" : "s");
  std::snprintf(buf, sizeof buf, "%s on %u cores; torch %d intra-op thread%s, %s", load, cores,
                torch_threads, torch_threads == 1 ? "" : "s", blas);
  return buf;
}

}  // namespace egeot
