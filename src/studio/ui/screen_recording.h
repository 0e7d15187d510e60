#pragma once
// Recording what the studio shows: the canvas or the whole window, read back after each
// drawn frame and handed to a VideoRecorder. Scripted recordings (--record with --frames)
// keep every drawn frame and wait for the encoder when its queue is full; interactive ones
// sample the screen at the video's frame rate by the clock (a frame drawn late is repeated,
// so the video keeps real time) and, when the encoder falls behind, skip frames and say so
// rather than queue without limit.
#include "studio/ui/notice_log.h"
#include "studio/ui/video_recorder.h"
#include "viz/plot/canvas_view.h"

#include <chrono>
#include <memory>
#include <string>

namespace egeot::studio {

enum class RecordArea { kWindow, kCanvas };

class ScreenRecording {
 public:
  static constexpr int kFps = 30;

  // Starts with the next captured frame (whose size fixes the video's); false and a notice
  // when a recording is still running or finishing.
  bool request(const std::string& path, RecordArea area, bool scripted, NoticeLog& log);
  // After drawing a frame, before the swap: captures the area. canvas is in window
  // coordinates, fb_scale framebuffer pixels per window coordinate.
  void capture(const viz::Rect& canvas, int fb_w, int fb_h, float fb_scale, NoticeLog& log);
  // No more frames; the encoder finishes the file in the background.
  void stop();
  // Once a recording has finished: its outcome in the notice log.
  void poll(NoticeLog& log);
  // At exit: waits for the file. False when a scripted recording failed.
  bool finish(NoticeLog& log);

  bool capturing() const { return recorder_ && !stopped_; }
  bool busy() const { return recorder_ != nullptr || pending_; }  // capturing or finishing
  bool failed() const { return failed_; }

  struct Status {
    bool capturing = false, finishing = false;
    std::string path;
    int width = 0, height = 0;
    double seconds = 0;  // of video captured
    int64_t captured = 0, written = 0, skipped = 0;
    size_t queued = 0, capacity = 0;
  };
  Status status() const;

 private:
  void begin(int width, int height, NoticeLog& log);
  void end_with_error(const std::string& error, NoticeLog& log);

  std::unique_ptr<VideoRecorder> recorder_;
  bool pending_ = false, scripted_ = false, stopped_ = false, failed_ = false;
  std::string path_;
  RecordArea area_ = RecordArea::kWindow;
  int width_ = 0, height_ = 0;
  std::chrono::steady_clock::time_point t0_;
  int64_t captured_ = 0, ticks_ = 0, skipped_ = 0;
};

}  // namespace egeot::studio
