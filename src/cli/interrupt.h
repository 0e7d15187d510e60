#pragma once
// Ctrl-C (SIGINT) and SIGTERM during a long command: rather than dying mid-write, the command
// is asked to stop at its next safe point, where it saves (train) or writes nothing (the
// fits), says so and exits 130.
namespace egeot::cli {

// Catches both signals while it lives; afterwards they end the process at once again, as
// nothing is left half-done by then.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
};

// Whether a signal came while the latest InterruptGuard lived (still answered once it is gone).
bool interrupted();

}  // namespace egeot::cli
