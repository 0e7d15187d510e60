#pragma once
// What a timing depends on besides the code: the machine's load and the thread pools. Every
// bench that prints a time prints this line with it, since a figure measured while others
// compiled is not one measured on an idle machine.
#include <string>

namespace egeot {

struct MachineLoad {
  double load1 = -1, load5 = -1, load15 = -1;  // /proc/loadavg (-1: not readable)
  unsigned cores = 0;
  int torch_threads = 0;     // intra-op
  int blas_threads = -1;     // OpenBLAS's pool (-1: another BLAS)
  std::string text() const;  // "load 1.30 0.82 0.33 on 2 cores; torch 1 thread, OpenBLAS 2 threads"
};

MachineLoad machine_load();

}  // namespace egeot
