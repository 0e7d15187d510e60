#pragma once
// The closed-form plan of a scene, when it has one: source and target are Gaussians given by
// weight matrices (types benchmark-gaussian and weighted-gaussian, zero mean) and the cost is
// 1/2|x - y|^2.
#include "core/model/egeot_model.h"
#include "core/ot/gaussian_eot.h"

#include <optional>

namespace egeot {

std::optional<GaussianEot> scene_gaussian_truth(const EgeotModel& model, double eps);

}  // namespace egeot
