#pragma once
// Data-parallel ranks must hold the same model at every step: the same live weights, weight
// average and Adam moments (they start equal and apply the same mean gradient). These checks
// prove it rather than trust it.
//
// At start, run_fingerprint compares what each rank was given: a hash of the scene (its JSON),
// of the weights (live and average, byte for byte) and of the running executable, exchanged
// through the rendezvous store; any difference is a DistError naming the ranks and the part.
// While training, check_replicas all-reduces MAX of (c, -c) for a checksum vector c of the
// weights, the average and Adam's moments: max and -min then agree exactly only when every rank
// holds the same numbers.
#include "core/dist/process_group.h"
#include "core/train/egeot_trainer.h"

#include <string>

namespace egeot {

struct RunFingerprint {
  std::string scene, weights, build;  // hex digests
  std::string flags;                  // the run's own settings beside the scene, e.g. "iters=2000"
  std::string text() const;           // "scene=... weights=... build=... flags=..."
  static RunFingerprint parse(const std::string& text);
};

// The fingerprint of this rank's trainer and executable, and of flags (no spaces) that must
// match as well (how long to train: a rank that stops early would leave the others waiting).
RunFingerprint fingerprint(const EgeotTrainer& trainer, const std::string& flags = "");

// Publishes this rank's fingerprint and compares every rank's with rank 0's. Throws DistError
// on this (and every) rank when any differs: "rank 1's scene differs from rank 0's ...".
void check_same_run(ProcessGroup& group, const EgeotTrainer& trainer,
                    const std::string& flags = "");

// One collective: throws DistError when the ranks' weights, average or optimiser state differ
// at this iteration.
void check_replicas(ProcessGroup& group, EgeotTrainer& trainer);

}  // namespace egeot
