#pragma once
// A one-line progress bar on stderr: done/total, it/s, loss and ETA. On a terminal it
// redraws in place at most 10 times a second; otherwise it prints a line every 10 %.
#include <chrono>
#include <string>

namespace egeot::cli {

class ProgressBar {
 public:
  ProgressBar(int64_t start, int64_t total);
  void update(int64_t done, double loss);
  void finish();
  double rate() const;  // iterations per second since start
  // A wall-clock budget beside the iteration count: the bar then fills by whichever is
  // further along and shows the time left, the sooner of the ETA and the budget's end.
  void set_time_budget(double seconds) { budget_ = seconds; }

 private:
  using Clock = std::chrono::steady_clock;
  void draw(int64_t done, double loss, bool final_line);
  double fraction(int64_t done) const;
  int64_t start_;
  int64_t total_;
  int64_t done_ = 0;
  double loss_ = 0;
  bool tty_;
  int last_decile_ = -1;
  Clock::time_point t0_ = Clock::now();
  Clock::time_point last_draw_{};
  double budget_ = 0;  // seconds; 0: none
};

std::string format_duration(double seconds);

}  // namespace egeot::cli
