#include "core/train/replay_buffer.h"

#include <torch/torch.h>

#include <stdexcept>

namespace egeot {

ReplayBuffer::ReplayBuffer(int64_t capacity, int64_t y_dim, int64_t x_dim, torch::Device device,
                           bool with_eps)
    : capacity_(capacity),
      ys_(torch::zeros({capacity, y_dim}, torch::TensorOptions().device(device))),
      xs_(torch::zeros({capacity, x_dim}, torch::TensorOptions().device(device))) {
  if (with_eps) eps_ = torch::ones({capacity}, torch::TensorOptions().device(device));
}

void ReplayBuffer::push(const torch::Tensor& y, const torch::Tensor& x, const torch::Tensor& eps) {
  TORCH_CHECK(eps.defined() == with_eps(), "ReplayBuffer::push: eps is required exactly when with_eps");
  auto n = std::min<int64_t>(y.size(0), capacity_);
  auto yy = y.slice(0, y.size(0) - n).detach();
  auto xx = x.slice(0, x.size(0) - n).detach();
  auto idx = (torch::arange(n, torch::TensorOptions().dtype(torch::kLong).device(ys_.device())) +
              next_) % capacity_;
  ys_.index_copy_(0, idx, yy.to(ys_.device()));
  xs_.index_copy_(0, idx, xx.to(xs_.device()));
  if (with_eps()) eps_.index_copy_(0, idx, eps.slice(0, eps.size(0) - n).detach().to(eps_.device(), eps_.scalar_type()));
  next_ = (next_ + n) % capacity_;
  size_ = std::min(size_ + n, capacity_);
}

ReplayBuffer::State ReplayBuffer::state() const {
  State s{ys_.slice(0, 0, size_).to(torch::kCPU), xs_.slice(0, 0, size_).to(torch::kCPU), next_, {}};
  if (with_eps()) s.eps = eps_.slice(0, 0, size_).to(torch::kCPU);
  return s;
}

void ReplayBuffer::restore(const State& state) {
  const auto n = state.ys.dim() == 2 ? state.ys.size(0) : -1;
  if (n < 0 || n > capacity_ || state.ys.size(1) != ys_.size(1) || state.xs.dim() != 2 ||
      state.xs.size(0) != n || state.xs.size(1) != xs_.size(1) || state.next < 0 ||
      state.next >= capacity_) {
    throw std::invalid_argument("replay buffer state of another shape than the scene's");
  }
  if (state.eps.defined() != with_eps() ||
      (with_eps() && (state.eps.dim() != 1 || state.eps.size(0) != n))) {
    throw std::invalid_argument(with_eps() ? "replay buffer state without the chains' eps (a single-eps run)"
                                           : "replay buffer state with per-chain eps (an eps-conditioned run)");
  }
  if (with_eps()) eps_.slice(0, 0, n).copy_(state.eps);
  ys_.slice(0, 0, n).copy_(state.ys);
  xs_.slice(0, 0, n).copy_(state.xs);
  size_ = n;
  next_ = state.next;
}

std::pair<torch::Tensor, torch::Tensor> ReplayBuffer::sample(int64_t n) const {
  TORCH_CHECK(size_ > 0, "ReplayBuffer::sample on an empty buffer");
  auto idx = torch::randint(0, size_, {n}, torch::TensorOptions().dtype(torch::kLong)).to(ys_.device());
  return {ys_.index_select(0, idx), xs_.index_select(0, idx)};
}

ReplayBuffer::Taken ReplayBuffer::take(int64_t n) const {
  TORCH_CHECK(n >= 0 && n <= size_, "ReplayBuffer::take: n must be in [0, size]");
  auto slots = torch::randperm(size_, torch::TensorOptions().dtype(torch::kLong)).slice(0, 0, n).to(ys_.device());
  return {ys_.index_select(0, slots), xs_.index_select(0, slots), slots,
          with_eps() ? eps_.index_select(0, slots) : torch::Tensor()};
}

ReplayBuffer::Taken ReplayBuffer::sample_chains(int64_t n) const {
  TORCH_CHECK(size_ > 0, "ReplayBuffer::sample_chains on an empty buffer");
  auto idx = torch::randint(0, size_, {n}, torch::TensorOptions().dtype(torch::kLong)).to(ys_.device());
  return {ys_.index_select(0, idx), xs_.index_select(0, idx), idx,
          with_eps() ? eps_.index_select(0, idx) : torch::Tensor()};
}

void ReplayBuffer::write_back(const torch::Tensor& slots, const torch::Tensor& y) {
  ys_.index_copy_(0, slots.to(ys_.device()), y.detach().to(ys_.device()));
}

}  // namespace egeot
