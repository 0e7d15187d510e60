#include "cli/local_ranks.h"

#include "base/error.h"
#include "core/dist/loopback_port.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

namespace egeot::cli {
namespace {

volatile std::sig_atomic_t forwarded_signal = 0;
void remember_signal(int signal) {
  forwarded_signal = signal;
}

// This process's own arguments, less --nproc and its value.
std::vector<std::string> own_arguments_without_nproc() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  for (size_t at = 0; at < all.size();) {
    const size_t end = all.find('\0', at);
    args.push_back(all.substr(at, end - at));
    at = end == std::string::npos ? all.size() : end + 1;
  }
  std::vector<std::string> kept;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--nproc") {
      ++i;
    } else if (args[i].rfind("--nproc=", 0) != 0) {
      kept.push_back(args[i]);
    }
  }
  return kept;
}

}  // namespace

int run_local_ranks(int64_t nproc, double timeout_s) {
  const auto base = own_arguments_without_nproc();
  std::string master;
  try {
    master = "127.0.0.1:" + std::to_string(free_loopback_port());
  } catch (const std::exception& e) {
    throw InputError("--nproc: " + std::string(e.what()) + " for the ranks' rendezvous");
  }
  // Ctrl-C reaches the ranks from the terminal; here it only must not end the waiting.
  struct sigaction action {};
  action.sa_handler = remember_signal;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  const int64_t cores = std::max(1u, std::thread::hardware_concurrency());
  const int64_t blas_threads = std::max<int64_t>(1, cores / nproc);
  std::vector<pid_t> pids;
  for (int64_t r = 0; r < nproc; ++r) {
    auto args = base;
    for (const std::string& extra :
         {std::string("--world-size"), std::to_string(nproc), std::string("--rank"),
          std::to_string(r), std::string("--master"), master}) {
      args.push_back(extra);
    }
    const pid_t pid = fork();
    if (pid == 0) {
      prctl(PR_SET_PDEATHSIG, SIGTERM);  // a rank never outlives this process
      // The ranks share the cores: OpenBLAS pools that each spin on every core would fight.
      setenv("OPENBLAS_NUM_THREADS", std::to_string(blas_threads).c_str(), /*overwrite=*/0);
      signal(SIGINT, SIG_DFL);
      signal(SIGTERM, SIG_DFL);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv("/proc/self/exe", argv.data());
      _exit(127);
    }
    if (pid < 0) {
      for (pid_t p : pids) kill(p, SIGTERM);
      throw InputError("--nproc " + std::to_string(nproc) + ": could not start rank " +
                       std::to_string(r));
    }
    pids.push_back(pid);
  }

  using Clock = std::chrono::steady_clock;
  const auto grace = std::chrono::milliseconds(static_cast<int64_t>(timeout_s * 1000) + 5000);
  std::vector<bool> running(pids.size(), true);
  size_t left = pids.size();
  int code = 0;
  bool failed = false, terminated = false;
  Clock::time_point stop_by{};
  bool forwarded = false;
  while (left > 0) {
    if (forwarded_signal && !forwarded) {
      forwarded = true;
      for (size_t r = 0; r < pids.size(); ++r) {
        if (running[r]) kill(pids[r], forwarded_signal == SIGINT ? SIGINT : SIGTERM);
      }
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      for (size_t r = 0; r < pids.size(); ++r) {
        if (pids[r] != pid || !running[r]) continue;
        running[r] = false;
        --left;
        const int rank_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (WIFSIGNALED(status) && !terminated) {
          std::cerr << "egeot train: rank " << r << " (pid " << pid << ") was killed by signal "
                    << WTERMSIG(status) << "\n";
        }
        if (rank_code != 0 && !failed) {
          failed = true;
          code = rank_code;
          // Bad input (exit 2) is every rank's: nothing for the others to report, stop them now.
          stop_by = Clock::now() + (rank_code == 2 ? std::chrono::milliseconds(0) : grace);
        }
      }
      continue;
    }
    if (failed && left > 0 && Clock::now() > stop_by) {
      // The others did not notice in time: stop them, then make sure.
      for (size_t r = 0; r < pids.size(); ++r) {
        if (running[r]) kill(pids[r], terminated ? SIGKILL : SIGTERM);
      }
      terminated = true;
      stop_by = Clock::now() + std::chrono::seconds(2);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return code;
}

}  // namespace egeot::cli
