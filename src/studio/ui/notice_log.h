#pragma once
// The last few notices from the trainer thread and the UI, shown at the foot of the panel
// and echoed on stderr (which is where problems with flags surface).
#include "studio/protocol/command.h"

#include <cstdio>
#include <deque>

namespace egeot::studio {

class NoticeLog {
 public:
  void add(const Notice& notice) {
    std::fprintf(stderr, "egeot-studio: %s%s\n",
                 notice.level == Notice::Level::kError ? "error: " : "", notice.text.c_str());
    entries_.push_back(notice);
    if (entries_.size() > kKeep) entries_.pop_front();
  }
  void error(const std::string& text) { add({Notice::Level::kError, text}); }
  void info(const std::string& text) { add({Notice::Level::kInfo, text}); }
  const std::deque<Notice>& entries() const { return entries_; }

 private:
  static constexpr size_t kKeep = 6;
  std::deque<Notice> entries_;
};

}  // namespace egeot::studio
