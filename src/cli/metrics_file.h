#pragma once
// metrics.csv, the training log beside a checkpoint: rows are flushed one by one and every
// write is checked, so a full disk is an error rather than a log that silently stops; and a
// resumed run first drops the rows a killed run wrote after its last checkpoint (iterations
// it will run again) and any row cut off mid-line, so the log stays one row per iteration.
#include <fstream>
#include <string>

namespace egeot::cli {

// Opens path for appending, writing `header` when the file is new or empty. With
// resume_iteration >= 0, first truncates the file after its last whole row whose iteration is
// at most resume_iteration. InputError naming path when it cannot be read or written.
std::ofstream open_metrics(const std::string& path, const std::string& header,
                           int64_t resume_iteration);

// Flushes csv; InputError naming path when anything written to it since it opened was lost.
void flush_metrics(std::ofstream& csv, const std::string& path);

}  // namespace egeot::cli
