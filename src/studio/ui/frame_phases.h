#pragma once
// Where a frame's time goes, for --bench-frames: the frame is cut into named phases (fetch
// the snapshot, build the UI, issue GL, swap) and each phase's median over the measured
// frames is reported beside the total, so a slow frame can be attributed without a
// profiler (perf is rarely available where the studio is benchmarked).
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace egeot::studio {

enum class FramePhase { kSnapshot, kInterface, kDraw, kSwap, kCount };

class FramePhases {
 public:
  using Clock = std::chrono::steady_clock;
  void begin(Clock::time_point t0) { last_ = t0; }
  // Ends the current phase as `phase`.
  void mark(FramePhase phase) {
    const auto now = Clock::now();
    current_[static_cast<size_t>(phase)] =
        std::chrono::duration<float, std::milli>(now - last_).count();
    last_ = now;
  }
  // Keeps this frame's phases (call once per measured frame).
  void keep() {
    for (size_t k = 0; k < kCount; ++k) kept_[k].push_back(current_[k]);
    current_.fill(0);
  }
  // "snapshot 0.1, ui 2.3, draw 1.0, swap 9.8 ms (medians)"; empty if nothing was kept.
  std::string summary() const {
    if (kept_[0].empty()) return "";
    static const char* kNames[kCount] = {"snapshot", "ui", "draw", "swap"};
    std::string out;
    for (size_t k = 0; k < kCount; ++k) {
      std::vector<float> v = kept_[k];
      std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
      char text[64];
      std::snprintf(text, sizeof(text), "%s%s %.2f", k ? ", " : "", kNames[k], v[v.size() / 2]);
      out += text;
    }
    return out + " ms (medians)";
  }

 private:
  static constexpr size_t kCount = static_cast<size_t>(FramePhase::kCount);
  Clock::time_point last_{};
  std::array<float, kCount> current_{};
  std::array<std::vector<float>, kCount> kept_;
};

}  // namespace egeot::studio
