#include "studio/ui/screen_recording.h"

#include "viz/gl/pixel_readback.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace egeot::studio {

bool ScreenRecording::request(const std::string& path, RecordArea area, bool scripted,
                              NoticeLog& log) {
  if (busy()) {
    log.error("recording: " + path_ + " is still being recorded or finished");
    return false;
  }
  path_ = path;
  area_ = area;
  scripted_ = scripted;
  pending_ = true;
  return true;
}

void ScreenRecording::begin(int width, int height, NoticeLog& log) {
  pending_ = false;
  RecorderOptions o;
  o.path = path_;
  o.width = width;
  o.height = height;
  o.fps = kFps;
  std::string error;
  recorder_ = VideoRecorder::start(o, &error);
  if (!recorder_) {
    end_with_error(error, log);
    return;
  }
  width_ = width;
  height_ = height;
  stopped_ = false;
  captured_ = ticks_ = skipped_ = 0;
  t0_ = std::chrono::steady_clock::now();
  log.info("recording " + path_ + " (" + std::to_string(width) + "x" + std::to_string(height) +
           ", " + recorder_->encoder() + ")");
}

void ScreenRecording::end_with_error(const std::string& error, NoticeLog& log) {
  log.error(error);
  if (scripted_) failed_ = true;
}

void ScreenRecording::capture(const viz::Rect& canvas, int fb_w, int fb_h, float fb_scale,
                              NoticeLog& log) {
  if (!pending_ && !capturing()) return;
  // The area in framebuffer pixels, GL's origin at the bottom left.
  int x = 0, y = 0, w = fb_w, h = fb_h;
  if (area_ == RecordArea::kCanvas) {
    x = int(std::lround(canvas.x0 * fb_scale));
    w = int(std::lround(canvas.width() * fb_scale));
    h = int(std::lround(canvas.height() * fb_scale));
    y = fb_h - int(std::lround(canvas.y0 * fb_scale)) - h;
  }
  if (pending_) {
    begin(w, h, log);
    if (!recorder_) return;
  }
  // The video's size is fixed; a resized area is followed by its corner.
  if (fb_w < width_ || fb_h < height_) {
    log.error("recording " + path_ + ": the window became smaller than the video (" +
              std::to_string(width_) + "x" + std::to_string(height_) + "); recording stopped");
    stop();
    return;
  }
  x = std::clamp(x, 0, fb_w - width_);
  y = std::clamp(y + h - height_, 0, fb_h - height_);

  int64_t due = 1;
  if (!scripted_) {
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    due = std::min<int64_t>(int64_t(t * kFps) + 1 - ticks_, kFps);
    if (due <= 0) return;
  }
  std::vector<uint8_t> rgb = viz::read_pixels_rgb(x, y, width_, height_);
  for (int64_t k = 0; k < due; ++k) {
    const auto result = recorder_->push(k + 1 < due ? rgb : std::move(rgb), scripted_);
    if (result == VideoRecorder::Push::kFull) {
      skipped_ += due - k;
      break;
    }
    if (result == VideoRecorder::Push::kFailed) {
      stop();  // poll() reports the encoder's reason
      return;
    }
    ++captured_;
  }
  ticks_ += due;
}

void ScreenRecording::stop() {
  pending_ = false;
  if (recorder_ && !stopped_) {
    recorder_->stop();
    stopped_ = true;
  }
}

void ScreenRecording::poll(NoticeLog& log) {
  if (!recorder_) return;
  const auto p = recorder_->progress();
  if (!p.done) return;
  if (!p.error.empty()) {
    end_with_error(p.error, log);
  } else {
    char text[160];
    std::snprintf(text, sizeof(text), " (%lld frames, %dx%d, %.1f s)",
                  static_cast<long long>(p.written), width_, height_, double(p.written) / kFps);
    log.info("recording written to " + path_ + text +
             (skipped_ > 0
                  ? "; " + std::to_string(skipped_) + " frames skipped while the encoder was behind"
                  : ""));
  }
  recorder_.reset();
  stopped_ = false;
}

bool ScreenRecording::finish(NoticeLog& log) {
  if (pending_) {  // requested but never captured (the window closed first)
    pending_ = false;
    end_with_error("recording " + path_ + ": no frame was drawn", log);
  }
  if (recorder_) {
    stop();
    const auto p = recorder_->progress();
    if (p.queued > 0) {
      std::fprintf(stderr, "egeot-studio: finishing %s (frames still queued: %zu)\n", path_.c_str(),
                   p.queued);
    }
    recorder_->wait();
    poll(log);
  }
  return !failed_;
}

ScreenRecording::Status ScreenRecording::status() const {
  Status s;
  s.path = path_;
  if (!recorder_) return s;
  const auto p = recorder_->progress();
  s.capturing = !stopped_;
  s.finishing = stopped_;
  s.width = width_;
  s.height = height_;
  s.captured = captured_;
  s.written = p.written;
  s.queued = p.queued;
  s.capacity = recorder_->queue_capacity();
  s.skipped = skipped_;
  s.seconds = double(captured_) / kFps;
  return s;
}

}  // namespace egeot::studio
