#pragma once
// Data-parallel gradients: after backward, every parameter's gradient is flattened into one
// bucket, summed over the ranks in one all-reduce, divided by the world size and copied back,
// so every rank holds the mean gradient and takes the same optimiser step. An undefined
// gradient counts as zeros (and becomes a zero gradient), so ranks never disagree on shapes.
#include "core/dist/process_group.h"

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace egeot {

class GradientAllReducer {
 public:
  explicit GradientAllReducer(ProcessGroup& group) : group_(group) {}

  void operator()(const std::vector<torch::Tensor>& parameters);

  // What the all-reduces cost so far (for `egeot bench scale`).
  int64_t calls() const { return calls_; }
  int64_t bucket_bytes() const { return bucket_bytes_; }
  double seconds() const { return seconds_; }  // inside the all-reduce alone

 private:
  ProcessGroup& group_;
  int64_t calls_ = 0;
  int64_t bucket_bytes_ = 0;
  double seconds_ = 0;
};

}  // namespace egeot
