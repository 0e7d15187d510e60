#pragma once
// One rank of `egeot train --world-size W`: joins the run (core/dist), checks that every rank
// has the same build, scene and weights, makes the trainer one of W data-parallel shards with
// a per-rank seed, and keeps the ranks in step: after each step one small all-reduce agrees
// whether a rank diverged or asked to stop, and every kReplicaCheckEvery iterations the
// replicas' weights, average and optimiser state are compared.
//
// Rank 0 runs the ordinary training loop (cmd_train.cpp: progress bar, metrics, checkpoints);
// the others run follow(), which writes nothing.
#include "core/dist/gradient_all_reducer.h"
#include "core/dist/process_group.h"
#include "core/dist/step_agreement.h"
#include "core/train/divergence_guard.h"
#include "core/train/egeot_trainer.h"

#include <memory>
#include <optional>
#include <string>

namespace egeot::cli {

// Exit code of a rank that lost its peers or found them different (DistError).
constexpr int kExitDistributed = 4;
constexpr int64_t kReplicaCheckEvery = 100;

class DistributedRun {
 public:
  // run_flags: settings beside the scene that every rank must share ("iters=2000,minutes=0").
  DistributedRun(const DistSettings& settings, EgeotTrainer& trainer, const std::string& run_flags);

  int rank() const { return group_->rank(); }
  ProcessGroup& group() { return *group_; }
  const GradientAllReducer& reducer() const { return *reducer_; }

  // After each step, on every rank: `diverged` is this rank's guard's verdict (its message is
  // left in the store for rank 0), `stop` whether this rank wants to stop (Ctrl-C, --minutes).
  StepAgreement agree(const std::optional<Divergence>& diverged, bool stop);

  // Ranks other than 0: train until `iters` more iterations are done or a rank stops or
  // diverges; writes nothing. Returns the exit code.
  int follow(int64_t iters, double budget_s);

 private:
  EgeotTrainer& trainer_;
  std::unique_ptr<ProcessGroup> group_;
  std::unique_ptr<GradientAllReducer> reducer_;
};

}  // namespace egeot::cli
