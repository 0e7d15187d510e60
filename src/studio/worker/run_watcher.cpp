#include "studio/worker/run_watcher.h"

#include "base/error.h"
#include "base/json_fields.h"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace egeot::studio {
namespace {

constexpr const char* kExpected = "expected a run directory: what egeot train --out writes";
constexpr double kStallFloor = 60, kStallDefault = 300, kStallIntervals = 3;
// Checkpoint saves closer together than this are one save (a final save right after a
// periodic one), not the run's interval.
constexpr double kSameSave = 1;
// At most this much of metrics.csv is parsed per poll, so a long log fills in over a few polls
// rather than holding up the views.
constexpr int64_t kMaxReadBytes = int64_t{16} << 20;
// The last bytes read of metrics.csv, compared at the next poll: a file rewritten in place
// (not only trimmed) no longer ends the same way there.
constexpr size_t kTailBytes = 64;

// metrics.csv's columns for each CurveRow field, in CurveRow's order.
constexpr std::array<const char*, 7> kColumns = {
    "iteration", "loss", "f_pos", "f_neg", "score_drift_mean", "cost_drift_mean", "noise_mean"};

float* field(CurveRow& r, size_t k) {
  std::array<float*, 7> fields = {&r.iteration,   &r.loss,       &r.f_pos, &r.f_neg,
                                  &r.score_drift, &r.cost_drift, &r.noise};
  return fields[k];
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t comma = line.find(',', start);
    out.push_back(line.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (!out.empty() && !out.back().empty() && out.back().back() == '\r') out.back().pop_back();
  return out;
}

}  // namespace

std::string RunWatcher::check(const std::string& dir) {
  std::error_code ec;
  const fs::path path(dir);
  if (!fs::exists(path, ec)) return dir + ": no such directory (" + kExpected + ")";
  if (!fs::is_directory(path, ec)) return dir + ": not a directory (" + kExpected + ")";
  const fs::path config = path / "config.json";
  if (fs::exists(config, ec)) {
    try {
      const auto doc = read_json_file(config.string());
      if (!doc.is_object() || !doc.contains("format") || doc["format"] != "egeot-checkpoint/1") {
        return config.string() +
               ": not an egeot checkpoint (expected \"format\": \"egeot-checkpoint/1\")";
      }
    } catch (const std::exception& e) {
      return first_line(e);
    }
    return "";
  }
  if (fs::exists(path / "metrics.csv", ec)) return "";
  const bool empty = fs::is_empty(path, ec);
  if (ec) return dir + ": cannot read (" + ec.message() + ")";
  if (empty) return "";  // a run about to start writes here
  if (fs::exists(path / "session.json", ec)) {
    return dir + ": a studio session, not a run directory (open it with egeot-studio " + dir + ")";
  }
  return dir + ": not a run directory (no config.json or metrics.csv; " + kExpected + ")";
}

RunWatcher::RunWatcher(std::string dir) : dir_(std::move(dir)) {}

RunWatcher::Changes RunWatcher::poll() {
  Changes out;
  poll_metrics(&out);
  out.checkpoint = poll_checkpoint();
  return out;
}

bool RunWatcher::read_header(const std::string& line) {
  const auto names = split(line);
  columns_.assign(kColumns.size(), -1);
  for (size_t k = 0; k < kColumns.size(); ++k) {
    const auto it = std::find(names.begin(), names.end(), kColumns[k]);
    if (it != names.end()) columns_[k] = int(it - names.begin());
  }
  have_header_ = true;
  return columns_[0] >= 0;
}

bool RunWatcher::parse_row(const std::string& line, CurveRow* row) const {
  if (columns_.empty() || columns_[0] < 0) return false;
  const auto cells = split(line);
  for (size_t k = 0; k < kColumns.size(); ++k) {
    const int c = columns_[k];
    if (c < 0) continue;  // a column this log does not have stays 0
    if (c >= int(cells.size())) return false;
    const char* text = cells[c].c_str();
    char* end = nullptr;
    const double v = std::strtod(text, &end);
    if (end == text || *end != 0) return false;
    *field(*row, k) = float(v);
  }
  return true;
}

bool RunWatcher::poll_metrics(Changes* out) {
  const std::string path = dir_ + "/metrics.csv";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  const auto restart = [&] {
    offset_ = 0;
    tail_.clear();
    have_header_ = false;
    rows_.clear();
    out->rows.clear();
    out->metrics_restarted = true;
  };
  // A file replaced or cut shorter (a resumed run drops the rows after its checkpoint) is
  // read again from the start.
  if (uint64_t(st.st_ino) != metrics_inode_ || int64_t(st.st_size) < offset_) {
    if (offset_ > 0 || !rows_.empty()) restart();
    metrics_inode_ = uint64_t(st.st_ino);
  }
  if (int64_t(st.st_size) == offset_) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;  // retried at the next poll
  if (!tail_.empty()) {   // rewritten in place past where it was read: read it again
    std::string seen(tail_.size(), '\0');
    in.seekg(offset_ - int64_t(tail_.size()));
    in.read(seen.data(), std::streamsize(seen.size()));
    if (in.gcount() != std::streamsize(seen.size()) || seen != tail_) {
      restart();
      in.clear();
    }
  }
  const bool from_start = offset_ == 0;
  in.seekg(offset_);
  std::string bytes(size_t(std::min<int64_t>(int64_t(st.st_size) - offset_, kMaxReadBytes)), '\0');
  in.read(bytes.data(), std::streamsize(bytes.size()));
  bytes.resize(size_t(in.gcount()));
  size_t start = 0;
  for (;;) {
    const size_t newline = bytes.find('\n', start);
    if (newline == std::string::npos) break;  // a row still being written: the next poll
    const std::string line = bytes.substr(start, newline - start);
    start = newline + 1;
    if (!have_header_) {
      read_header(line);
      continue;
    }
    CurveRow row;
    if (!parse_row(line, &row)) continue;  // not a row this watcher can plot
    if (!rows_.empty() && row.iteration <= rows_.back().iteration) {
      if (from_start) continue;  // a log that goes back in time: only the rows that go on
      // New rows that go back in time: the file was trimmed and written on past where it was.
      restart();
      metrics_inode_ = uint64_t(st.st_ino);
      poll_metrics(out);
      return true;
    }
    rows_.push_back(row);
    out->rows.push_back(row);
  }
  offset_ += int64_t(start);
  tail_ = (tail_ + bytes.substr(0, start));
  if (tail_.size() > kTailBytes) tail_.erase(0, tail_.size() - kTailBytes);
  return true;
}

bool RunWatcher::poll_checkpoint() {
  const std::string path = dir_ + "/config.json";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;  // no checkpoint yet
  const Stamp stamp{int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
                    int64_t(st.st_size), uint64_t(st.st_ino)};
  if (stamp == settled_) return false;
  if (pending_ && stamp == candidate_.stamp) {  // the last try failed: again, soon or later
    return failures_ < kRetries || ++waited_ % kSlowRetry == 0;
  }
  Candidate c;
  c.stamp = stamp;
  c.written_at = double(st.st_mtim.tv_sec) + 1e-9 * double(st.st_mtim.tv_nsec);
  try {  // the iteration, for what the view says; the loader checks everything
    const auto doc = read_json_file(path);
    if (doc.is_object() && doc.contains("iteration") && doc["iteration"].is_number_integer()) {
      c.iteration = doc["iteration"].get<int64_t>();
    }
  } catch (const std::exception&) {
    // Unreadable: the loader says why, and only if it stays so.
  }
  if (newest_written_at_ > 0 && c.written_at - newest_written_at_ > kSameSave) {
    interval_ = c.written_at - newest_written_at_;
  }
  newest_written_at_ = std::max(newest_written_at_, c.written_at);
  candidate_ = c;
  pending_ = true;
  failures_ = waited_ = 0;
  return true;
}

void RunWatcher::loaded(int64_t iteration, double now) {
  settled_ = candidate_.stamp;
  pending_ = false;
  shown_iteration_ = iteration;
  shown_written_at_ = candidate_.written_at;
  loaded_at_ = now;
  problem_.clear();
}

std::string RunWatcher::shown_text() const {
  return shown_iteration_ >= 0 ? "still showing iteration " + std::to_string(shown_iteration_)
                               : "nothing is shown";
}

bool RunWatcher::failed(const std::string& reason) {
  if (!pending_ || ++failures_ != kRetries) return false;
  problem_ =
      "the checkpoint" +
      (candidate_.iteration >= 0 ? " at iteration " + std::to_string(candidate_.iteration) : "") +
      " cannot be read: " + reason + "; " + shown_text();
  return true;
}

void RunWatcher::refused(const std::string& why) {
  settled_ = candidate_.stamp;
  pending_ = false;
  problem_ = "the checkpoint at iteration " + std::to_string(candidate_.iteration) +
             " is not shown: " + why + "; " + shown_text();
}

const CurveRow* RunWatcher::row_at(int64_t iteration) const {
  const auto it = std::upper_bound(rows_.begin(), rows_.end(), float(iteration),
                                   [](float i, const CurveRow& r) { return i < r.iteration; });
  return it == rows_.begin() ? nullptr : &*(it - 1);
}

double RunWatcher::stall_seconds() const {
  return interval_ > 0 ? std::max(kStallFloor, kStallIntervals * interval_) : kStallDefault;
}

WatchView RunWatcher::view(double now) const {
  WatchView v;
  v.dir = dir_;
  v.checkpoint_iteration = shown_iteration_;
  v.written_at = shown_written_at_;
  v.loaded_at = loaded_at_;
  v.newest_written_at = newest_written_at_;
  v.metrics_rows = int64_t(rows_.size());
  v.metrics_iteration = rows_.empty() ? -1 : int64_t(rows_.back().iteration);
  v.problem = problem_;
  if (shown_iteration_ < 0) {
    v.state = WatchView::State::kWaiting;
  } else if (newest_written_at_ > 0 && now - newest_written_at_ > stall_seconds()) {
    v.state = WatchView::State::kStalled;
  } else {
    v.state = WatchView::State::kLive;
  }
  return v;
}

}  // namespace egeot::studio
