#include "cli/distributed_run.h"

#include "cli/commands.h"
#include "cli/interrupt.h"
#include "core/dist/replica_check.h"

#include <torch/torch.h>

#include <chrono>

namespace egeot::cli {
namespace {

// Each rank draws its own sources, targets and chains, reproducibly: a seed from the scene's,
// the rank and the iteration (a resumed run continues on fresh streams).
uint64_t rank_seed(uint64_t scene_seed, int rank, int64_t iteration) {
  uint64_t h = scene_seed * 0x9E3779B97F4A7C15ull +
               static_cast<uint64_t>(rank + 1) * 0xBF58476D1CE4E5B9ull +
               static_cast<uint64_t>(iteration) * 0x94D049BB133111EBull;
  h ^= h >> 31;
  return h;
}

}  // namespace

DistributedRun::DistributedRun(const DistSettings& settings, EgeotTrainer& trainer,
                               const std::string& run_flags)
    : trainer_(trainer), group_(std::make_unique<ProcessGroup>(settings, trainer.device())) {
  check_same_run(*group_, trainer, run_flags);
  reducer_ = std::make_unique<GradientAllReducer>(*group_);
  GradientAllReducer* reducer = reducer_.get();
  trainer.set_data_parallel(
      group_->world_size(),
      [reducer](const std::vector<torch::Tensor>& parameters) { (*reducer)(parameters); });
  torch::manual_seed(
      rank_seed(static_cast<uint64_t>(trainer.scene().seed), rank(), trainer.iteration()));
}

StepAgreement DistributedRun::agree(const std::optional<Divergence>& diverged, bool stop) {
  if (diverged) publish_divergence(*group_, diverged->message());
  const StepAgreement agreement = agree_on_step(*group_, diverged.has_value(), stop);
  if (agreement.diverged_rank < 0 && trainer_.iteration() % kReplicaCheckEvery == 0) {
    check_replicas(*group_, trainer_);
  }
  return agreement;
}

int DistributedRun::follow(int64_t iters, double budget_s) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const int64_t end = trainer_.iteration() + iters;
  InterruptGuard interrupt_guard;  // Ctrl-C stops every rank at the same step
  DivergenceGuard guard(trainer_);
  while (trainer_.iteration() < end) {
    StepStats stats;
    const auto diverged = guard.step(stats);
    const bool out_of_time =
        budget_s > 0 && std::chrono::duration<double>(Clock::now() - t0).count() >= budget_s;
    const auto agreement = agree(diverged, interrupted() || out_of_time);
    if (agreement.diverged_rank >= 0) return kExitDiverged;  // rank 0 says which and why
    if (agreement.stop) break;
  }
  return interrupted() ? 130 : 0;
}

}  // namespace egeot::cli
