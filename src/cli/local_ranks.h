#pragma once
// `egeot train --nproc N`: starts N ranks of the same command on this machine (this
// executable, the same arguments, plus --world-size N --rank R --master 127.0.0.1:PORT on a
// free port) and waits for them. When one fails, the others get `timeout` seconds (they notice
// the lost peer within their own --dist-timeout and say so), then are stopped (at once when it
// failed on bad input, exit 2, which every rank shares). SIGINT and
// SIGTERM reach every rank. Each rank's OpenBLAS gets cores/N threads (unless
// OPENBLAS_NUM_THREADS says otherwise). Returns the exit code to forward: the first failing rank's
// (128 + signal for one killed by a signal), else 0.
#include <cstdint>

namespace egeot::cli {

int run_local_ranks(int64_t nproc, double timeout_s);

}  // namespace egeot::cli
