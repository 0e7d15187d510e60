#include "cli/interrupt.h"

#include <atomic>
#include <csignal>

namespace egeot::cli {
namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void on_interrupt(int) {
  g_interrupted = true;
}

}  // namespace

InterruptGuard::InterruptGuard() {
  g_interrupted = false;
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
}

InterruptGuard::~InterruptGuard() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

bool interrupted() {
  return g_interrupted;
}

}  // namespace egeot::cli
