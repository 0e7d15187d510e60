// The recorder without GL: synthetic frames through Debian's ffmpeg, read back with ffprobe;
// and its failures (no binary, no directory, an encoder that dies or stalls) leave nothing.
#include "studio/ui/video_recorder.h"

#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using namespace egeot::studio;
namespace fs = std::filesystem;

namespace {

std::string run(const std::string& command) {
  std::string out;
  if (FILE* p = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    for (size_t n; (n = std::fread(buffer, 1, sizeof(buffer), p)) > 0;) out.append(buffer, n);
    ::pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// "frames,width,height" as ffprobe counts them by decoding.
std::string probe(const std::string& path) {
  return run(
      "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
      "stream=nb_read_frames,width,height -of csv=p=0 '" +
      path + "'");
}

struct TempDir {
  fs::path path;
  TempDir() {
    char name[] = "/tmp/egeot-recorder-XXXXXX";
    path = ::mkdtemp(name);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  size_t entries() const {
    return size_t(std::distance(fs::directory_iterator(path), fs::directory_iterator()));
  }
};

// Top rows red, bottom rows blue, handed over as OpenGL reads them (bottom row first).
std::vector<uint8_t> frame(int w, int h, int k) {
  std::vector<uint8_t> rgb(size_t(w) * h * 3);
  for (int gl_row = 0; gl_row < h; ++gl_row) {
    const bool top = gl_row >= h / 2;
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &rgb[(size_t(gl_row) * w + x) * 3];
      p[0] = top ? 220 : 20;
      p[1] = uint8_t((x * 4 + k * 8) & 0x7f);
      p[2] = top ? 20 : 220;
    }
  }
  return rgb;
}

fs::path fake_ffmpeg(const fs::path& dir, const std::string& body) {
  const fs::path p = dir / "fake-ffmpeg";
  std::ofstream(p) << "#!/bin/sh\n" << body << "\n";
  fs::permissions(p, fs::perms::owner_all);
  return p;
}

}  // namespace

TEST_SUITE("video_recorder") {
  TEST_CASE("MP4 and GIF: every frame, at the size given, right way up") {
    TempDir dir;
    for (const char* name : {"clip.mp4", "clip.gif"}) {
      CAPTURE(name);
      RecorderOptions o;
      o.path = (dir.path / name).string();
      o.width = 96;
      o.height = 64;
      o.max_queued_bytes = 1;  // the smallest queue: two frames
      std::string error;
      auto r = VideoRecorder::start(o, &error);
      REQUIRE_MESSAGE(r, error);
      CHECK(r->queue_capacity() == 2);
      for (int k = 0; k < 25; ++k)
        REQUIRE(r->push(frame(96, 64, k), true) == VideoRecorder::Push::kQueued);
      CHECK(r->wait() == "");
      const auto p = r->progress();
      CHECK(p.done);
      CHECK(p.written == 25);
      CHECK(probe(o.path) == "96,64,25");
      // The first row of the first frame is the top: red.
      const std::string top =
          run("ffmpeg -v error -i '" + o.path +
              "' -frames:v 1 -vf format=rgb24,crop=1:1:40:2 -f rawvideo -pix_fmt rgb24 - | "
              "od -An -tu1");
      int red = 0, green = 0, blue = 0;
      REQUIRE(std::sscanf(top.c_str(), "%d %d %d", &red, &green, &blue) == 3);
      CHECK(red > 150);
      CHECK(blue < 100);
    }
    CHECK(dir.entries() == 2);  // no temporaries left
  }

  TEST_CASE("no ffmpeg: one line naming it, nothing written") {
    TempDir dir;
    RecorderOptions o;
    o.path = (dir.path / "a.mp4").string();
    o.width = o.height = 16;
    std::string error;
    o.ffmpeg = (dir.path / "no-such-ffmpeg").string();
    CHECK_FALSE(VideoRecorder::start(o, &error));
    CHECK(error.find("no-such-ffmpeg is not an executable file") != std::string::npos);
    const std::string path = std::getenv("PATH");
    ::setenv("PATH", dir.path.c_str(), 1);
    o.ffmpeg = "ffmpeg";
    CHECK_FALSE(VideoRecorder::start(o, &error));
    ::setenv("PATH", path.c_str(), 1);
    CHECK(error.find("no ffmpeg on PATH") != std::string::npos);
    CHECK(error.find('\n') == std::string::npos);
    CHECK(dir.entries() == 0);
  }

  TEST_CASE("bad paths: one line naming the path") {
    TempDir dir;
    RecorderOptions o;
    o.width = o.height = 16;
    std::string error;
    o.path = (dir.path / "missing" / "a.mp4").string();
    CHECK_FALSE(VideoRecorder::start(o, &error));
    CHECK(error == o.path + ": directory " + (dir.path / "missing").string() + " does not exist");
    o.path = "/proc/egeot-test.mp4";  // a directory nobody can create files in, root included
    CHECK_FALSE(VideoRecorder::start(o, &error));
    CHECK(error.rfind(o.path + ": cannot write in /proc", 0) == 0);
    o.path = (dir.path / "a.webm").string();
    CHECK_FALSE(VideoRecorder::start(o, &error));
    CHECK(error == o.path + ": expected a .mp4 or .gif file name");
    CHECK(error.find('\n') == std::string::npos);
    CHECK(dir.entries() == 0);
  }

  TEST_CASE("an encoder that exits early: its reason, and the old file untouched") {
    TempDir dir;
    RecorderOptions o;
    o.path = (dir.path / "talk.gif").string();
    o.width = 256;
    o.height = 256;  // a frame larger than a pipe's buffer
    std::ofstream(o.path) << "the user's earlier recording";
    o.ffmpeg = fake_ffmpeg(dir.path, "echo 'fake: no such encoder' >&2; exit 3").string();
    std::string error;
    auto r = VideoRecorder::start(o, &error);
    REQUIRE_MESSAGE(r, error);
    VideoRecorder::Push last = VideoRecorder::Push::kQueued;
    for (int k = 0; k < 50 && last == VideoRecorder::Push::kQueued; ++k) {
      last = r->push(frame(256, 256, k), true);
    }
    CHECK(last == VideoRecorder::Push::kFailed);
    error = r->wait();
    CHECK(error == o.path + ": ffmpeg failed (exit 3): fake: no such encoder");
    r.reset();
    std::ifstream in(o.path);
    std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(kept == "the user's earlier recording");
    CHECK(dir.entries() == 2);  // the old file and the fake binary
  }

  TEST_CASE("an encoder that reports an error but exits 0 (ffmpeg on a full disk)") {
    TempDir dir;
    RecorderOptions o;
    o.path = (dir.path / "talk.mp4").string();
    o.width = o.height = 16;
    std::ofstream(o.path) << "kept";
    // What Debian's ffmpeg 5.1 does when the disk fills while the MP4 muxer writes its index.
    o.ffmpeg = fake_ffmpeg(dir.path,
                           "case \"$*\" in *-encoders*) exit 0;; esac; "
                           "for a; do out=$a; done; cat > \"$out\"; "
                           "echo \"Error closing file $out: No space left on device\" >&2; exit 0")
                   .string();
    std::string error;
    auto r = VideoRecorder::start(o, &error);
    REQUIRE_MESSAGE(r, error);
    for (int k = 0; k < 3; ++k)
      REQUIRE(r->push(frame(16, 16, k), true) == VideoRecorder::Push::kQueued);
    error = r->wait();
    CHECK(error.rfind(o.path + ": ffmpeg: Error closing file ", 0) == 0);
    CHECK(error.find("No space left on device") != std::string::npos);
    r.reset();
    std::ifstream in(o.path);
    std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(kept == "kept");
    CHECK(dir.entries() == 2);  // the old file and the fake binary: no temporary
  }

  TEST_CASE("a stalled encoder: the queue stays bounded and a push does not wait") {
    TempDir dir;
    RecorderOptions o;
    o.path = (dir.path / "stall.gif").string();
    o.width = 256;
    o.height = 256;
    o.max_queued_bytes = 3 * 256 * 256 * 3;  // three frames
    o.ffmpeg = fake_ffmpeg(dir.path, "exec sleep 60").string();
    std::string error;
    auto r = VideoRecorder::start(o, &error);
    REQUIRE_MESSAGE(r, error);
    REQUIRE(r->queue_capacity() == 3);
    // Push until full, give the writer time to take one frame (it then blocks on the pipe,
    // which holds less than a frame), and push until full again.
    int queued = 0;
    for (int round = 0; round < 2; ++round) {
      while (queued < 10 &&
             r->push(frame(256, 256, queued), false) == VideoRecorder::Push::kQueued) {
        ++queued;
      }
      ::usleep(300000);
    }
    CHECK(queued == 4);  // three in the queue, one in the writer's hands
    CHECK(r->push(frame(256, 256, 0), false) == VideoRecorder::Push::kFull);
    CHECK(r->progress().queued == 3);
    CHECK(r->progress().written == 0);
    r.reset();  // abandons: kills the encoder and removes the temporary
    CHECK(dir.entries() == 1);
  }
}
