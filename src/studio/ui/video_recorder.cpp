#include "studio/ui/video_recorder.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <map>

extern char** environ;

namespace egeot::studio {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxQueuedFrames = 64;
constexpr size_t kStderrTail = 4096;

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The binary execve would run: a path as given, or the first executable match on PATH.
std::string find_binary(const std::string& name) {
  if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0 ? name : "";
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  size_t start = 0;
  while (start <= dirs.size()) {
    const size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string dir = dirs.substr(start, end - start);
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return "";
}

// Runs argv and returns what it printed on stdout ("" when it could not run).
std::string run_and_read(const std::vector<std::string>& argv) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return "";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  std::string text;
  if (rc == 0) {
    char buffer[4096];
    for (ssize_t n; (n = ::read(out[0], buffer, sizeof(buffer))) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      text.append(buffer, size_t(n));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  ::close(out[0]);
  return text;
}

// Flushes a finished file to the disk before it replaces anything.
bool sync_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// libx264 when this ffmpeg was built with it (Debian's is), else ffmpeg's own MPEG-4 part 2.
std::string mp4_encoder(const std::string& binary) {
  static std::mutex mutex;
  static std::map<std::string, std::string> known;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = known.find(binary);
  if (it != known.end()) return it->second;
  const std::string list = run_and_read({binary, "-hide_banner", "-encoders"});
  const std::string encoder = list.find(" libx264 ") != std::string::npos ? "libx264" : "mpeg4";
  known[binary] = encoder;
  return encoder;
}

std::vector<std::string> ffmpeg_arguments(const std::string& binary, const RecorderOptions& o,
                                          VideoFormat format, const std::string& encoder,
                                          const std::string& output) {
  std::vector<std::string> a = {
      binary,      "-hide_banner",
      "-loglevel", "error",
      "-nostats",  "-y",
      "-f",        "rawvideo",
      "-pix_fmt",  "rgb24",
      "-s",        std::to_string(o.width) + "x" + std::to_string(o.height),
      "-r",        std::to_string(o.fps),
      "-i",        "-"};
  const std::string flip = o.bottom_up ? "vflip," : "";
  if (format == VideoFormat::kGif) {
    // A palette per frame: streams (a global palette would hold every frame until the end).
    a.insert(a.end(), {"-vf",
                       flip + "split[a][b];[a]palettegen=stats_mode=single[p];"
                              "[b][p]paletteuse=new=1",
                       "-f", "gif", output});
    return a;
  }
  // 4:2:0 chroma needs even sizes: an odd row or column is cropped.
  a.insert(a.end(), {"-vf", flip + "crop=trunc(iw/2)*2:trunc(ih/2)*2", "-c:v", encoder});
  if (encoder == "libx264") {
    a.insert(a.end(), {"-preset", "veryfast", "-crf", "20"});
  } else {
    a.insert(a.end(), {"-q:v", "3"});
  }
  a.insert(a.end(), {"-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", output});
  return a;
}

}  // namespace

bool video_format_of(const std::string& path, VideoFormat* format) {
  const std::string ext = lower(fs::path(path).extension().string());
  if (ext == ".mp4") {
    *format = VideoFormat::kMp4;
    return true;
  }
  if (ext == ".gif") {
    *format = VideoFormat::kGif;
    return true;
  }
  return false;
}

std::unique_ptr<VideoRecorder> VideoRecorder::start(const RecorderOptions& options,
                                                    std::string* error) {
  const std::string& path = options.path;
  VideoFormat format{};
  if (path.empty()) {
    *error = "recording: no file name given";
    return nullptr;
  }
  if (!video_format_of(path, &format)) {
    *error = path + ": expected a .mp4 or .gif file name";
    return nullptr;
  }
  if (options.width < 2 || options.height < 2 || options.fps < 1 || options.fps > 240) {
    *error = path + ": cannot record a " + std::to_string(options.width) + "x" +
             std::to_string(options.height) + " image at " + std::to_string(options.fps) + " fps";
    return nullptr;
  }
  const std::string binary = find_binary(options.ffmpeg);
  if (binary.empty()) {
    *error = options.ffmpeg.find('/') != std::string::npos
                 ? "recording: " + options.ffmpeg + " is not an executable file"
                 : "recording: no " + options.ffmpeg +
                       " on PATH (install Debian's ffmpeg: apt-get install ffmpeg)";
    return nullptr;
  }
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    *error = path + ": directory " + dir.string() + " does not exist";
    return nullptr;
  }
  if (fs::is_directory(target, ec)) {
    *error = path + ": is a directory";
    return nullptr;
  }
  std::unique_ptr<VideoRecorder> r(new VideoRecorder(options));
  r->capacity_ =
      std::clamp<size_t>(options.max_queued_bytes / r->frame_bytes(), 2, kMaxQueuedFrames);
  // The temporary is created here, so an unwritable directory is reported now, not by ffmpeg.
  r->tmp_path_ =
      (dir / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
  const int probe = ::open(r->tmp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (probe < 0) {
    *error = path + ": cannot write in " + dir.string() + " (" + std::strerror(errno) + ")";
    r->tmp_path_.clear();
    return nullptr;
  }
  ::close(probe);
  // The encoder's writes fail with EPIPE rather than killing the process when ffmpeg exits.
  ::signal(SIGPIPE, SIG_IGN);
  r->encoder_ = format == VideoFormat::kGif ? "gif" : mp4_encoder(binary);

  char err_name[] = "/tmp/egeot-ffmpeg-XXXXXX";
  r->stderr_fd_ = ::mkostemp(err_name, O_CLOEXEC);
  if (r->stderr_fd_ >= 0) ::unlink(err_name);
  int in[2];
  if (::pipe2(in, O_CLOEXEC) != 0) {
    *error = path + ": cannot create a pipe to ffmpeg (" + std::strerror(errno) + ")";
    return nullptr;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (r->stderr_fd_ >= 0) {
    posix_spawn_file_actions_adddup2(&actions, r->stderr_fd_, 2);
  } else {
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  }
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);  // ignored here, but ffmpeg should see its default
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  const auto argv = ffmpeg_arguments(binary, options, format, r->encoder_, r->tmp_path_);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, binary.c_str(), &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(in[0]);
  if (rc != 0) {
    ::close(in[1]);
    *error = "recording: cannot run " + binary + " (" + std::strerror(rc) + ")";
    return nullptr;  // the destructor removes the temporary
  }
  r->pid_ = pid;
  r->stdin_fd_ = in[1];
  r->writer_ = std::thread([raw = r.get()] { raw->run(); });
  return r;
}

VideoRecorder::~VideoRecorder() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!done_) {
      aborting_ = true;
      queue_.clear();
      // Not yet reaped (the writer only peeks at the exit before taking the lock), so the
      // id is still ffmpeg's.
      if (pid_ > 0) ::kill(pid_, SIGKILL);
    }
  }
  changed_.notify_all();
  if (writer_.joinable()) writer_.join();
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  if (stderr_fd_ >= 0) ::close(stderr_fd_);
  std::error_code ec;
  if (!tmp_path_.empty() && !done_) fs::remove(tmp_path_, ec);  // never started
}

VideoRecorder::Push VideoRecorder::push(std::vector<uint8_t> rgb, bool wait) {
  if (rgb.size() != frame_bytes()) return Push::kFailed;
  std::unique_lock<std::mutex> lock(mutex_);
  if (failed_ || stopping_ || aborting_ || done_) return Push::kFailed;
  if (queue_.size() >= capacity_) {
    if (!wait) return Push::kFull;
    changed_.wait(lock, [&] { return queue_.size() < capacity_ || failed_ || aborting_; });
    if (failed_ || aborting_) return Push::kFailed;
  }
  queue_.push_back(std::move(rgb));
  lock.unlock();
  changed_.notify_all();
  return Push::kQueued;
}

void VideoRecorder::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
}

std::string VideoRecorder::wait() {
  stop();
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return done_; });
  return error_;
}

VideoRecorder::Progress VideoRecorder::progress() const {
  std::lock_guard<std::mutex> lock(mutex_);
  Progress p;
  p.written = written_;
  p.queued = queue_.size();
  p.stopping = stopping_;
  p.done = done_;
  p.error = error_;
  return p;
}

bool VideoRecorder::write_all(const uint8_t* data, size_t n) {
  while (n > 0) {
    const ssize_t k = ::write(stdin_fd_, data, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;  // EPIPE: ffmpeg has gone
    data += k;
    n -= size_t(k);
  }
  return true;
}

void VideoRecorder::run() {
  bool write_failed = false;
  for (;;) {
    std::vector<uint8_t> frame;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return !queue_.empty() || stopping_ || aborting_; });
      if (aborting_ || queue_.empty()) break;
      frame = std::move(queue_.front());
      queue_.pop_front();
    }
    changed_.notify_all();  // room for a push that waits
    if (!write_all(frame.data(), frame.size())) {
      write_failed = true;
      std::lock_guard<std::mutex> lock(mutex_);
      failed_ = true;
      queue_.clear();
      break;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++written_;
    }
    changed_.notify_all();
  }
  changed_.notify_all();
  ::close(stdin_fd_);  // end of input: ffmpeg finishes the file
  stdin_fd_ = -1;
  // Wait for the exit without reaping it, so the destructor's kill cannot reach a reused id.
  siginfo_t info{};
  while (::waitid(P_PID, id_t(pid_), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR) {
  }
  int status = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  std::string error;
  bool aborted = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    aborted = aborting_;
  }
  if (aborted) {
    error = options_.path + ": recording abandoned";
  } else if (WIFSIGNALED(status)) {
    error = options_.path + ": ffmpeg was killed by signal " + std::to_string(WTERMSIG(status));
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    const std::string tail = stderr_tail();
    error = options_.path + ": ffmpeg failed (exit " + std::to_string(WEXITSTATUS(status)) + ")" +
            (tail.empty() ? "" : ": " + tail);
  } else if (write_failed) {
    error = options_.path + ": ffmpeg exited before it had read every frame";
  } else if (const std::string tail = stderr_tail(); !tail.empty()) {
    // At -loglevel error anything said is an error, and some (a full disk while the MP4
    // muxer moves its index to the front) still end with exit status 0.
    error = options_.path + ": ffmpeg: " + tail;
  } else if (!sync_file(tmp_path_)) {
    error = options_.path + ": cannot write (" + std::strerror(errno) + ")";
  } else {
    std::error_code ec;
    fs::rename(tmp_path_, options_.path, ec);
    if (ec) error = options_.path + ": cannot replace (" + ec.message() + ")";
  }
  finish(error);
}

void VideoRecorder::finish(const std::string& error) {
  if (!error.empty()) {
    std::error_code ec;
    fs::remove(tmp_path_, ec);
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    error_ = error;
    failed_ = failed_ || !error.empty();
    done_ = true;
    queue_.clear();
  }
  changed_.notify_all();
}

// The last line ffmpeg wrote on stderr (its reason), kept short.
std::string VideoRecorder::stderr_tail() const {
  if (stderr_fd_ < 0) return "";
  const off_t size = ::lseek(stderr_fd_, 0, SEEK_END);
  if (size <= 0) return "";
  const off_t from = std::max<off_t>(0, size - off_t(kStderrTail));
  std::string text(size_t(size - from), '\0');
  const ssize_t n = ::pread(stderr_fd_, text.data(), text.size(), from);
  text.resize(n > 0 ? size_t(n) : 0);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  const size_t line = text.rfind('\n');
  if (line != std::string::npos) text = text.substr(line + 1);
  if (text.size() > 300) text = text.substr(0, 300) + "...";
  return text;
}

}  // namespace egeot::studio
