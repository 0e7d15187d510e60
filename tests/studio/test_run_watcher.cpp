// Watch mode's torch-free half on real temporary directories and a fake clock: which
// directories can be watched, metrics.csv read a whole row at a time as it grows (and again
// after a resumed run trimmed it), checkpoints reported once and retried while unreadable,
// the stall threshold following the run's own interval, and the status line's words.
#include "studio/ui/watch_banner.h"
#include "studio/worker/run_watcher.h"

#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using egeot::studio::RunWatcher;
using egeot::studio::WatchView;

namespace {

struct WatchTempDir {
  fs::path path;
  WatchTempDir() {
    path = fs::temp_directory_path() /
           ("egeot-watch-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~WatchTempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::string str() const { return path.string(); }
};

void write_file(const fs::path& p, const std::string& text,
                std::ios::openmode mode = std::ios::trunc) {
  std::ofstream out(p, std::ios::binary | mode);
  out << text;
}

void append_file(const fs::path& p, const std::string& text) {
  write_file(p, text, std::ios::app);
}

std::string checkpoint_config(int64_t iteration) {
  return "{\"format\": \"egeot-checkpoint/1\", \"iteration\": " + std::to_string(iteration) + "}\n";
}

const char* kMetricsHeader =
    "iteration,seconds,loss,f_pos,f_neg,replayed,score_drift_mean,cost_drift_mean,noise_mean,"
    "score_drift_last,cost_drift_last\n";

std::string metrics_row(int iteration, double loss) {
  return std::to_string(iteration) + ",1.5," + std::to_string(loss) +
         ",0.25,0.5,0.9,0.1,0.2,0.3,0,0\n";
}

}  // namespace

TEST_SUITE("run_watcher") {
  TEST_CASE("a run directory, or an empty one a run will fill, can be watched; others are named") {
    WatchTempDir t;
    const std::string missing = t.str() + "/none";
    CHECK(RunWatcher::check(missing) ==
          missing +
              ": no such directory (expected a run directory: what egeot train --out writes)");
    write_file(t.path / "file", "x");
    CHECK(RunWatcher::check(t.str() + "/file").find(": not a directory") != std::string::npos);
    fs::create_directories(t.path / "empty");
    CHECK(RunWatcher::check(t.str() + "/empty").empty());
    fs::create_directories(t.path / "started");
    write_file(t.path / "started/metrics.csv", kMetricsHeader);
    CHECK(RunWatcher::check(t.str() + "/started").empty());
    fs::create_directories(t.path / "other");
    write_file(t.path / "other/notes.txt", "mine");
    CHECK(RunWatcher::check(t.str() + "/other") ==
          t.str() +
              "/other: not a run directory (no config.json or metrics.csv; expected a run "
              "directory: what egeot train --out writes)");
    fs::create_directories(t.path / "foreign");
    write_file(t.path / "foreign/config.json", "{\"format\": \"something-else\"}");
    CHECK(RunWatcher::check(t.str() + "/foreign") ==
          t.str() +
              "/foreign/config.json: not an egeot checkpoint (expected \"format\": "
              "\"egeot-checkpoint/1\")");
    fs::create_directories(t.path / "session/checkpoint");
    write_file(t.path / "session/session.json", "{}");
    CHECK(RunWatcher::check(t.str() + "/session").find("a studio session") != std::string::npos);
  }

  TEST_CASE("metrics.csv is read on from the last poll, whole rows only, and again when trimmed") {
    WatchTempDir t;
    RunWatcher w(t.str());
    auto c = w.poll();
    CHECK(c.rows.empty());
    CHECK_FALSE(c.checkpoint);
    const fs::path csv = t.path / "metrics.csv";
    write_file(csv, std::string(kMetricsHeader) + metrics_row(10, -0.5) + metrics_row(20, -0.25) +
                        "30,1.5,-0.");  // cut off
    c = w.poll();
    REQUIRE(c.rows.size() == 2);
    CHECK(c.rows[0].iteration == 10);
    CHECK(c.rows[1].loss == doctest::Approx(-0.25));
    CHECK(c.rows[1].f_neg == doctest::Approx(0.5));
    CHECK(c.rows[1].noise == doctest::Approx(0.3));
    CHECK(w.poll().rows.empty());  // the cut-off row is not read until it is whole
    append_file(csv, "125,0.25,0.5,0.9,0.1,0.2,0.3,0,0\n" + metrics_row(40, 0.5));
    c = w.poll();
    REQUIRE(c.rows.size() == 2);
    CHECK(c.rows[0].iteration == 30);
    CHECK(c.rows[0].loss == doctest::Approx(-0.125));
    CHECK(c.rows[1].iteration == 40);
    CHECK_FALSE(c.metrics_restarted);
    CHECK(w.rows().size() == 4);
    REQUIRE(w.row_at(35) != nullptr);
    CHECK(w.row_at(35)->iteration == 30);
    CHECK(w.row_at(5) == nullptr);
    // A resumed run drops the rows after its checkpoint: everything is read again.
    write_file(csv, std::string(kMetricsHeader) + metrics_row(10, -0.5));
    c = w.poll();
    CHECK(c.metrics_restarted);
    REQUIRE(c.rows.size() == 1);
    CHECK(w.rows().size() == 1);
    CHECK(w.view(0).metrics_rows == 1);
    CHECK(w.view(0).metrics_iteration == 10);
    // Rewritten in place and longer than what was read: read again, not from the old offset.
    write_file(csv, std::string(kMetricsHeader) + metrics_row(50, 2) + metrics_row(60, 3));
    c = w.poll();
    CHECK(c.metrics_restarted);
    REQUIRE(w.rows().size() == 2);
    CHECK(w.rows()[0].iteration == 50);
    // A log whose rows go back in time keeps those that go on.
    write_file(csv, std::string(kMetricsHeader) + metrics_row(10, 0) + metrics_row(30, 0) +
                        metrics_row(20, 0) + metrics_row(40, 0));
    c = w.poll();
    REQUIRE(w.rows().size() == 3);
    CHECK(w.rows()[2].iteration == 40);
  }

  TEST_CASE("a checkpoint is reported once, retried while unreadable, then named, retried slowly") {
    WatchTempDir t;
    RunWatcher w(t.str());
    CHECK(w.view(0).state == WatchView::State::kWaiting);
    const fs::path cfg = t.path / "config.json";
    write_file(cfg, checkpoint_config(100));
    REQUIRE(w.poll().checkpoint);
    CHECK(w.candidate_iteration() == 100);
    // A load that raced a save: tried again at the next polls, and no problem shown meanwhile.
    for (int k = 1; k < RunWatcher::kRetries; ++k) {
      CHECK_FALSE(w.failed("potential-100.pt: missing"));
      CHECK(w.view(0).problem.empty());
      CHECK(w.poll().checkpoint);
    }
    CHECK(w.failed("potential-100.pt: missing"));
    CHECK(w.view(0).problem ==
          "the checkpoint at iteration 100 cannot be read: potential-100.pt: missing; nothing is "
          "shown");
    int polls = 1;
    while (!w.poll().checkpoint && polls < 100) ++polls;
    CHECK(polls == RunWatcher::kSlowRetry);              // then tried every kSlowRetry polls
    CHECK_FALSE(w.failed("potential-100.pt: missing"));  // named once only
    const auto t1 = fs::last_write_time(cfg);
    write_file(cfg, checkpoint_config(200));
    fs::last_write_time(cfg, t1 + std::chrono::seconds(30));
    REQUIRE(w.poll().checkpoint);
    CHECK(w.candidate_iteration() == 200);
    const double written = w.view(0).newest_written_at;
    w.loaded(200, written + 2);
    CHECK_FALSE(w.poll().checkpoint);
    auto v = w.view(written + 5);
    CHECK(v.state == WatchView::State::kLive);
    CHECK(v.checkpoint_iteration == 200);
    CHECK(v.problem.empty());
    CHECK(v.loaded_at == written + 2);
    CHECK(v.written_at == written);
    // Checkpoints 30 s apart: stalled after three intervals (90 s), not before.
    CHECK(w.stall_seconds() == doctest::Approx(90).epsilon(0.01));
    CHECK(w.view(written + 85).state == WatchView::State::kLive);
    CHECK(w.view(written + 95).state == WatchView::State::kStalled);
    // A diverged checkpoint is named and never retried; the one shown stays.
    write_file(cfg, checkpoint_config(300));
    fs::last_write_time(cfg, t1 + std::chrono::seconds(60));
    REQUIRE(w.poll().checkpoint);
    w.refused("it diverged (|f| reached 1e+20)");
    v = w.view(written + 31);
    CHECK(v.problem ==
          "the checkpoint at iteration 300 is not shown: it diverged (|f| reached 1e+20); still "
          "showing iteration 200");
    CHECK(v.checkpoint_iteration == 200);
    CHECK_FALSE(w.poll().checkpoint);
  }

  TEST_CASE("before an interval was seen, a run stalls after five minutes") {
    WatchTempDir t;
    RunWatcher w(t.str());
    write_file(t.path / "config.json", checkpoint_config(7));
    REQUIRE(w.poll().checkpoint);
    const double written = w.view(0).newest_written_at;
    w.loaded(7, written);
    CHECK(w.view(written + 299).state == WatchView::State::kLive);
    CHECK(w.view(written + 301).state == WatchView::State::kStalled);
  }

  TEST_CASE("the status line says read-only, the iteration, its age, and a stall") {
    WatchView v;
    v.dir = "runs/a";
    CHECK(egeot::studio::watch_status_text(v, 100) ==
          "watching runs/a (read-only) \xc2\xb7 waiting for the first checkpoint");
    v.state = WatchView::State::kLive;
    v.checkpoint_iteration = 1200;
    v.written_at = v.newest_written_at = 1000;
    v.metrics_rows = 120;
    v.metrics_iteration = 1210;
    CHECK(egeot::studio::watch_status_text(v, 1008.5) ==
          "watching runs/a (read-only) \xc2\xb7 checkpoint at iteration 1200 \xc2\xb7 written 8 s "
          "ago \xc2\xb7 metrics to iteration 1210");
    v.state = WatchView::State::kStalled;
    CHECK(egeot::studio::watch_status_text(v, 1000 + 7 * 60 + 5)
              .find("no new checkpoint for 7 min") != std::string::npos);
    v.rows_not_plotted = 3;
    v.first_not_plotted = 1190;
    CHECK(egeot::studio::watch_status_text(v, 1008.5)
              .find("3 diverged metrics rows (from iteration 1190) not plotted") != std::string::npos);
  }
}
