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

 private:
  using Clock = std::chrono::steady_clock;
  void draw(int64_t done, double loss, bool final_line);
  int64_t start_;
  int64_t total_;
  int64_t done_ = 0;
  double loss_ = 0;
  bool tty_;
  int last_decile_ = -1;
  Clock::time_point t0_ = Clock::now();
  Clock::time_point last_draw_{};
};

std::string format_duration(double seconds);

}  // namespace egeot::cli
