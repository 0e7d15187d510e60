#pragma once
// The scene's learning-rate schedule (optimizer.lr, lr_final, lr_decay_iters) as a function of
// the iteration alone, so that a resumed run, every rank of a distributed one and a bench that
// drives the optimizer itself all follow the same rates.
#include "core/scenes/scene.h"

#include <cstdint>

namespace torch::optim {
class Adam;
}

namespace egeot {

// The rate of the step that follows `iteration` completed steps: lr until lr_decay_start, then
// decaying geometrically to lr_final over lr_decay_iters steps, then lr_final; lr when
// lr_final is 0.
double learning_rate_at(const OptimizerSettings& optimizer, int64_t iteration);

// Sets every parameter group's rate.
void set_learning_rate(torch::optim::Adam& adam, double lr);

}  // namespace egeot
