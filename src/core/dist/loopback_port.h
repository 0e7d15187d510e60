#pragma once
// A TCP port free on 127.0.0.1 now, for a local rendezvous (`--nproc`, benches, tests). The
// kernel picks it; whoever binds it next (rank 0's store) may in rare races find it taken,
// which then fails that rank's start with one line, never a hang.
namespace egeot {

// Throws std::runtime_error when no port can be had.
int free_loopback_port();

}  // namespace egeot
