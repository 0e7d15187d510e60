#pragma once
// Every rank of a fresh loopback process group in this process, one thread each: how the
// scaling bench and the data-parallel tests run several ranks without spawning processes.
#include "core/dist/process_group.h"

#include <chrono>
#include <exception>
#include <functional>
#include <vector>

namespace egeot {

// Runs body(group) on ranks 0..world-1 of a group on 127.0.0.1 (a free port), each wait bounded
// by timeout; returns each rank's exception (null when it finished).
std::vector<std::exception_ptr> run_loopback_ranks(int world, std::chrono::milliseconds timeout,
                                                   const std::function<void(ProcessGroup&)>& body);

}  // namespace egeot
