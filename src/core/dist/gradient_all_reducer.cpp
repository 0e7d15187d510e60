#include "core/dist/gradient_all_reducer.h"

#include <torch/torch.h>

#include <chrono>

namespace egeot {

void GradientAllReducer::operator()(const std::vector<torch::Tensor>& parameters) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> flat;
  flat.reserve(parameters.size());
  for (const auto& p : parameters) {
    flat.push_back(p.grad().defined() ? p.grad().reshape(-1)
                                      : torch::zeros({p.numel()}, p.options()));
  }
  auto bucket = torch::cat(flat);
  const auto t0 = std::chrono::steady_clock::now();
  group_.all_reduce_sum(bucket, "the gradient all-reduce");
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  bucket.div_(group_.world_size());
  ++calls_;
  bucket_bytes_ = bucket.numel() * static_cast<int64_t>(bucket.element_size());
  int64_t offset = 0;
  for (const auto& p : parameters) {
    auto mean = bucket.slice(0, offset, offset + p.numel()).view(p.sizes());
    offset += p.numel();
    if (p.grad().defined()) {
      p.grad().copy_(mean);
    } else {
      p.mutable_grad() = mean.clone();
    }
  }
}

}  // namespace egeot
