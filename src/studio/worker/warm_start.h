#pragma once
// Changing a hyper-parameter mid-run without losing what was learned: a new EgeotTrainer for
// the changed scene that continues from the old one's network, chains and iteration.
#include "core/train/egeot_trainer.h"

#include <memory>

namespace egeot::studio {

// Builds a trainer for `scene` from `old`. The network is copied with its last layer scaled
// by old.f_scale() / new f_scale(), so the potential f stays the same in true units when
// eps, sigma or s change (the network stores g = sigma^2/(s eps) f). Adam's moments are kept
// when f_scale is unchanged (e.g. only lr or batch changed) and restarted otherwise. The
// replay buffer's chains and the iteration count carry over. The scene's network
// architecture must equal old's (see can_warm_start).
std::unique_ptr<EgeotTrainer> warm_start(EgeotTrainer& old, const Scene& scene);

bool can_warm_start(const EgeotTrainer& old, const Scene& scene);

}  // namespace egeot::studio
