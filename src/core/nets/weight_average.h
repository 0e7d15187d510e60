#pragma once
// An exponential moving average of a potential's weights, itself a potential of the same
// shape: the model users see when a scene asks for one (OptimizerSettings::ema).
#include "core/nets/potential.h"

namespace egeot {

class WeightAverage {
 public:
  // Starts equal to `live`, on its device, with no gradients.
  WeightAverage(double decay, Potential& live);
  // average <- decay average + (1 - decay) live, after each optimiser step.
  void update(Potential& live);
  // The average becomes `live` again (e.g. after loading weights without an average).
  void reset(Potential& live);
  Potential& potential() { return average_; }
  double decay() const { return decay_; }

 private:
  double decay_;
  Potential average_{nullptr};
};

}  // namespace egeot
