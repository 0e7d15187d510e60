#pragma once
// Follows a run directory that another process writes (egeot train --out, rank 0 of a
// distributed run): config.json, the checkpoint's commit point (checkpoint.h), and
// metrics.csv, appended a row at a time. It only reads. A poll costs two stat calls unless a
// file changed; then config.json is parsed, and metrics.csv is read on from where the last
// poll stopped, whole lines only. Torch-free: the caller loads the checkpoint it reports and
// says how that went, so a load that raced a save is retried at the next poll and only a
// checkpoint that stays unreadable becomes an error.
#include "studio/protocol/curve_recorder.h"
#include "studio/protocol/watch_view.h"

#include <cstdint>
#include <string>
#include <vector>

namespace egeot::studio {

class RunWatcher {
 public:
  // "" when dir can be watched (a run directory, or an empty directory a run is about to
  // fill); else one line naming dir and what was expected.
  static std::string check(const std::string& dir);

  explicit RunWatcher(std::string dir);

  struct Changes {
    bool metrics_restarted = false;  // metrics.csv was rewritten (a resumed run trimmed it):
                                     // every row was dropped and read again into `rows`
    std::vector<CurveRow> rows;      // rows that landed since the last poll, in order
    bool checkpoint = false;         // a checkpoint to load: answer loaded, failed or refused
  };
  Changes poll();

  // The checkpoint the last poll reported.
  int64_t candidate_iteration() const { return candidate_.iteration; }
  std::string dir() const { return dir_; }
  // What became of it (now: wall-clock seconds since the Unix epoch; tests pass their own).
  // loaded: shown, at the loaded model's iteration. failed: true (once) when it stayed
  // unreadable for kRetries polls; view().problem then says why, and it is tried again every
  // kSlowRetry polls (a copy still arriving, say) until it loads or config.json changes.
  void loaded(int64_t iteration, double now);
  bool failed(const std::string& reason);
  void refused(const std::string& why);  // not a result (diverged): never retried

  // The last metrics row at or before `iteration`; nullptr when there is none.
  const CurveRow* row_at(int64_t iteration) const;
  const std::vector<CurveRow>& rows() const { return rows_; }
  // Seconds without a new checkpoint after which the run counts as stalled: three of its
  // observed checkpoint intervals, at least a minute; before an interval was seen, five
  // minutes (over twice the CLI's default interval).
  double stall_seconds() const;
  WatchView view(double now) const;

  static constexpr int kRetries = 3, kSlowRetry = 10;

 private:
  struct Stamp {
    int64_t mtime_ns = -1, size = -1;
    uint64_t inode = 0;
    bool operator==(const Stamp& o) const {
      return mtime_ns == o.mtime_ns && size == o.size && inode == o.inode;
    }
  };
  struct Candidate {
    Stamp stamp;
    int64_t iteration = -1;
    double written_at = 0;
  };
  bool poll_metrics(Changes* out);
  bool read_header(const std::string& line);
  bool parse_row(const std::string& line, CurveRow* row) const;
  bool poll_checkpoint();
  std::string shown_text() const;

  std::string dir_;
  // metrics.csv: bytes consumed, the file it was read from, the header's columns.
  int64_t offset_ = 0;
  std::string tail_;  // the last bytes before offset_
  uint64_t metrics_inode_ = 0;
  std::vector<int> columns_;  // CurveRow field -> column index (-1: absent)
  bool have_header_ = false;
  std::vector<CurveRow> rows_;
  // config.json: the stamp last settled (loaded, refused or given up on), the candidate
  // being tried and how often it failed.
  Stamp settled_;
  Candidate candidate_;
  bool pending_ = false;
  int failures_ = 0, waited_ = 0;
  // The checkpoint shown and the newest seen.
  int64_t shown_iteration_ = -1;
  double shown_written_at_ = 0, loaded_at_ = 0, newest_written_at_ = 0, interval_ = 0;
  std::string problem_;
};

}  // namespace egeot::studio
