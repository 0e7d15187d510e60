#pragma once
// Frames to an MP4 (H.264 when Debian's ffmpeg has libx264, else MPEG-4 part 2) or a GIF
// through the ffmpeg binary: raw RGB frames go down a pipe from a writer thread that drains a
// bounded queue, so memory stays bounded and the caller never waits on the encoder unless it
// asks to. ffmpeg writes a temporary beside the target, renamed on success only: a failed
// recording leaves whatever was at the path untouched. No GL here; the caller reads pixels.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace egeot::studio {

enum class VideoFormat { kMp4, kGif };

// The format named by the path's extension (.mp4 or .gif, any case); false for others.
bool video_format_of(const std::string& path, VideoFormat* format);

struct RecorderOptions {
  std::string path;  // the file to write; its format comes from the extension
  int width = 0, height = 0;
  int fps = 30;
  bool bottom_up = true;                       // rows as OpenGL reads them (ffmpeg flips them)
  std::string ffmpeg = "ffmpeg";               // a name looked up on PATH, or a path
  size_t max_queued_bytes = size_t(96) << 20;  // the queue's bound (at least 2 frames)
};

class VideoRecorder {
 public:
  // Starts ffmpeg; nullptr and *error (one line naming the path or the binary) when the
  // path, the size or the binary will not do.
  static std::unique_ptr<VideoRecorder> start(const RecorderOptions& options, std::string* error);
  // Without a finished stop(): ffmpeg is stopped and the temporary removed.
  ~VideoRecorder();
  VideoRecorder(const VideoRecorder&) = delete;
  VideoRecorder& operator=(const VideoRecorder&) = delete;

  size_t frame_bytes() const { return size_t(options_.width) * options_.height * 3; }
  size_t queue_capacity() const { return capacity_; }
  const std::string& path() const { return options_.path; }
  const std::string& encoder() const { return encoder_; }

  enum class Push { kQueued, kFull, kFailed };
  // Queues one frame of frame_bytes() RGB bytes. With wait, blocks while the queue is full
  // (every frame reaches the file); without, returns kFull and keeps nothing. kFailed once
  // the encoder has failed or after stop().
  Push push(std::vector<uint8_t> rgb, bool wait);
  // No more frames: the writer drains the queue, closes the pipe and ffmpeg finishes the
  // file in the background. Returns at once.
  void stop();
  // Blocks until the file is finished (calls stop()); empty, or the one-line reason.
  std::string wait();

  struct Progress {
    int64_t written = 0;  // frames handed to ffmpeg
    size_t queued = 0;    // frames waiting in the queue
    bool stopping = false, done = false;
    std::string error;  // set when done and failed
  };
  Progress progress() const;

 private:
  explicit VideoRecorder(RecorderOptions options) : options_(std::move(options)) {}
  void run();
  bool write_all(const uint8_t* data, size_t n);
  std::string stderr_tail() const;
  void finish(const std::string& error);

  RecorderOptions options_;
  std::string encoder_, tmp_path_;
  size_t capacity_ = 2;
  int pid_ = -1, stdin_fd_ = -1, stderr_fd_ = -1;
  std::thread writer_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<uint8_t>> queue_;
  int64_t written_ = 0;
  bool stopping_ = false, aborting_ = false, failed_ = false, done_ = false;
  std::string error_;
};

}  // namespace egeot::studio
