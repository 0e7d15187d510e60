#pragma once
// `egeot train`'s distributed flags: --world-size W --rank R --master HOST:PORT for one rank of
// a run across processes or machines, --nproc N to start N local ranks, --dist-timeout S for
// how long any rank waits for the others before it gives up with one line.
#include "core/dist/process_group.h"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace egeot::cli {

struct DistFlags {
  int64_t world_size = 1;
  int64_t rank = 0;
  std::string master;
  int64_t nproc = 0;  // 0: not given
  double timeout_s = 60;

  bool distributed() const { return world_size > 1; }
  // The checked settings (InputError naming the flag: a rank outside [0, W), a missing or bad
  // --master); valid for world size 1 as well.
  DistSettings settings() const;
};

void add_dist_options(CLI::App* cmd, DistFlags& flags);

}  // namespace egeot::cli
