#include "studio/protocol/curve_recorder.h"

namespace egeot::studio {
namespace {

template <class F>
void for_each_series(CurveHistory& h, F f) {
  for (auto* s :
       {&h.iteration, &h.loss, &h.f_pos, &h.f_neg, &h.score_drift, &h.cost_drift, &h.noise}) {
    f(*s);
  }
}

}  // namespace

void CurveRecorder::add(const CurveRow& row) {
  if (seen_++ % stride_ != 0) return;
  rows_.iteration.push_back(row.iteration);
  rows_.loss.push_back(row.loss);
  rows_.f_pos.push_back(row.f_pos);
  rows_.f_neg.push_back(row.f_neg);
  rows_.score_drift.push_back(row.score_drift);
  rows_.cost_drift.push_back(row.cost_drift);
  rows_.noise.push_back(row.noise);
  if (rows_.iteration.size() >= capacity_) {
    for_each_series(rows_, [](std::vector<float>& s) {
      size_t kept = 0;
      for (size_t i = 0; i < s.size(); i += 2) s[kept++] = s[i];
      s.resize(kept);
    });
    stride_ *= 2;  // the rows kept are exactly those with step index % stride_ == 0
  }
  published_.reset();
}

void CurveRecorder::clear() {
  for_each_series(rows_, [](std::vector<float>& s) { s.clear(); });
  stride_ = 1;
  seen_ = 0;
  published_.reset();
}

void CurveRecorder::drop_after(float iteration) {
  size_t kept = 0;
  while (kept < rows_.iteration.size() && rows_.iteration[kept] <= iteration) ++kept;
  if (kept == rows_.iteration.size()) return;
  for_each_series(rows_, [kept](std::vector<float>& s) { s.resize(kept); });
  seen_ = kept * stride_;  // as if only the kept rows' steps had been offered
  published_.reset();
}

std::shared_ptr<const CurveHistory> CurveRecorder::snapshot() {
  if (!published_) published_ = std::make_shared<const CurveHistory>(rows_);
  return published_;
}

}  // namespace egeot::studio
