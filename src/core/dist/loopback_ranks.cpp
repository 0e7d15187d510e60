#include "core/dist/loopback_ranks.h"

#include "core/dist/loopback_port.h"

#include <thread>

namespace egeot {

std::vector<std::exception_ptr> run_loopback_ranks(int world, std::chrono::milliseconds timeout,
                                                   const std::function<void(ProcessGroup&)>& body) {
  const int port = free_loopback_port();
  std::vector<std::exception_ptr> errors(world);
  std::vector<std::thread> threads;
  for (int r = 0; r < world; ++r) {
    threads.emplace_back([&, r] {
      try {
        DistSettings s;
        s.world_size = world;
        s.rank = r;
        s.master = {"127.0.0.1", port};
        s.timeout = timeout;
        ProcessGroup group(s, torch::kCPU);
        body(group);
      } catch (...) {
        errors[r] = std::current_exception();
      }
    });
  }
  for (auto& t : threads) t.join();
  return errors;
}

}  // namespace egeot
