#include "cli/dist_options.h"

#include "base/error.h"
#include "cli/validators.h"

#include <cmath>

namespace egeot::cli {

DistSettings DistFlags::settings() const {
  DistSettings s;
  s.world_size = static_cast<int>(world_size);
  s.rank = static_cast<int>(rank);
  if (rank >= world_size) {
    throw InputError("--rank " + std::to_string(rank) + ": outside [0, " +
                     std::to_string(world_size) + ") for --world-size " +
                     std::to_string(world_size));
  }
  if (world_size > 1 && master.empty()) {
    throw InputError("--master: required with --world-size " + std::to_string(world_size) +
                     " (HOST:PORT where rank 0 listens, e.g. 127.0.0.1:29500)");
  }
  if (!master.empty()) s.master = parse_master_address(master);
  s.timeout = std::chrono::milliseconds(static_cast<int64_t>(std::llround(timeout_s * 1000)));
  return s;
}

void add_dist_options(CLI::App* cmd, DistFlags& flags) {
  auto* world =
      cmd->add_option("--world-size", flags.world_size,
                      "Ranks in a distributed run; each trains batch/W of the scene's batch")
          ->check(integer_between(1, 65536));
  auto* rank = cmd->add_option("--rank", flags.rank, "This process's rank in [0, --world-size)")
                   ->check(integer_at_least(0));
  auto* master =
      cmd->add_option("--master", flags.master,
                      "HOST:PORT where rank 0 hosts the rendezvous (reachable from every rank)");
  cmd->add_option("--nproc", flags.nproc,
                  "Start N local ranks of this run on 127.0.0.1 (a free port)")
      ->check(integer_between(1, 256))
      ->excludes(world)
      ->excludes(rank)
      ->excludes(master);
  cmd->add_option(
         "--dist-timeout", flags.timeout_s,
         "Seconds a rank waits for the others (to join, in a step) before it stops with an error")
      ->capture_default_str()
      ->check(number_inside(0, 86400));
}

}  // namespace egeot::cli
