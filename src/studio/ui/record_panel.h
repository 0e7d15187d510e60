#pragma once
// The panel's "Record" section: the file, MP4 or GIF, canvas or whole window, Record/Stop
// (F9), and while recording or finishing, its progress and the encoder's queue.
#include "studio/ui/notice_log.h"
#include "studio/ui/screen_recording.h"

#include <string>

namespace egeot::studio {

class RecordPanel {
 public:
  explicit RecordPanel(RecordArea area = RecordArea::kWindow) : area_(area) {}
  // Draws inside the current ImGui window.
  void draw(ScreenRecording& recording, NoticeLog& log);
  // Record if idle, else stop: the button and F9.
  void toggle(ScreenRecording& recording, NoticeLog& log);
  // The window's title: the progress shows there too (never in the video, and with the
  // panel scrolled or hidden), e.g. "egeot studio - REC 3.2 s".
  static std::string window_title(const ScreenRecording::Status& s);

 private:
  std::string target() const;
  char path_[512] = "";
  int format_ = 0;  // 0: MP4, 1: GIF
  RecordArea area_;
};

}  // namespace egeot::studio
