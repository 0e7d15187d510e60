#pragma once
// Events per second over a sliding window (training iterations, frames). The last two events
// are always kept, so events slower than the window (an image scene's seconds-long training
// step) still give their rate; it reads 0 once events stop for twice their last interval.
#include <algorithm>
#include <chrono>
#include <deque>

namespace egeot::studio {

class RateMeter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateMeter(double window_seconds = 1.0) : window_(window_seconds) {}
  void tick(Clock::time_point now = Clock::now()) {
    times_.push_back(now);
    while (times_.size() > 2 &&
           std::chrono::duration<double>(now - times_.front()).count() > window_) {
      times_.pop_front();
    }
  }
  double rate(Clock::time_point now = Clock::now()) const {
    if (times_.size() < 2) return 0;
    const double last = std::chrono::duration<double>(times_.back() - times_[times_.size() - 2]).count();
    if (std::chrono::duration<double>(now - times_.back()).count() > std::max(window_, 2 * last)) return 0;
    return (times_.size() - 1) /
           std::chrono::duration<double>(times_.back() - times_.front()).count();
  }

 private:
  double window_;
  std::deque<Clock::time_point> times_;
};

}  // namespace egeot::studio
