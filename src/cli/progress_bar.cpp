#include "cli/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace egeot::cli {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--";
  auto s = static_cast<int64_t>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  }
  return buf;
}

ProgressBar::ProgressBar(int64_t start, int64_t total)
    : start_(start), total_(total), done_(start), tty_(::isatty(STDERR_FILENO)) {}

double ProgressBar::rate() const {
  double secs = std::chrono::duration<double>(Clock::now() - t0_).count();
  return secs > 0 ? (done_ - start_) / secs : 0.0;
}

double ProgressBar::fraction(int64_t done) const {
  double frac = total_ > start_ ? static_cast<double>(done - start_) / (total_ - start_) : 1.0;
  if (budget_ > 0) frac = std::max(frac, std::chrono::duration<double>(Clock::now() - t0_).count() / budget_);
  return std::min(frac, 1.0);
}

void ProgressBar::update(int64_t done, double loss) {
  done_ = done;
  loss_ = loss;
  auto now = Clock::now();
  if (tty_) {
    if (now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    draw(done, loss, false);
  } else {
    int decile = budget_ > 0 ? static_cast<int>(10 * fraction(done)) : total_ > 0 ? static_cast<int>(10 * done / total_) : 0;
    if (decile != last_decile_) {
      last_decile_ = decile;
      draw(done, loss, true);
    }
  }
}

void ProgressBar::finish() {
  // Off a terminal the last decile's line may already show the final state.
  if (tty_ || budget_ > 0 || last_decile_ != static_cast<int>(total_ > 0 ? 10 * done_ / total_ : 0)) {
    draw(done_, loss_, true);
  }
}

void ProgressBar::draw(int64_t done, double loss, bool final_line) {
  constexpr int kWidth = 28;
  const double frac = budget_ > 0 ? fraction(done) : total_ > 0 ? static_cast<double>(done) / total_ : 1.0;
  const int filled = static_cast<int>(frac * kWidth);
  std::string bar(kWidth, ' ');
  for (int i = 0; i < filled && i < kWidth; ++i) bar[i] = '=';
  if (filled < kWidth) bar[filled] = '>';
  const double r = rate();
  double eta = r > 0 ? (total_ - done) / r : NAN;
  if (budget_ > 0) {
    const double left = std::max(0.0, budget_ - std::chrono::duration<double>(Clock::now() - t0_).count());
    eta = std::isfinite(eta) ? std::min(eta, left) : left;
  }
  std::fprintf(stderr, "%s[%s] %lld/%lld  %.1f it/s  loss %+.4g  %s %s%s", tty_ ? "\r" : "",
               bar.c_str(), static_cast<long long>(done), static_cast<long long>(total_), r,
               loss, budget_ > 0 ? "left" : "ETA", format_duration(eta).c_str(), final_line ? "\n" : "");
  std::fflush(stderr);
}

}  // namespace egeot::cli
