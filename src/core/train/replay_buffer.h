#pragma once
// Persistent Langevin chains: (y, x) pairs kept on the device in a ring of fixed capacity.
// A replayed chain keeps the x it was started for, so it continues sampling pi(.|x); with an
// eps-conditioned potential it also keeps its eps (with_eps), so it goes on at the same eps.
#include <torch/types.h>

namespace egeot {

class ReplayBuffer {
 public:
  ReplayBuffer(int64_t capacity, int64_t y_dim, int64_t x_dim, torch::Device device,
               bool with_eps = false);

  // Appends pairs, overwriting the oldest once full; eps ([n]) is required with_eps only.
  void push(const torch::Tensor& y, const torch::Tensor& x, const torch::Tensor& eps = {});

  // Draws n pairs uniformly (with replacement) from those stored: {y [n, Dy], x [n, Dx]}.
  std::pair<torch::Tensor, torch::Tensor> sample(int64_t n) const;

  // Persistent chains: n distinct pairs (n <= size) and their slots, to be continued and
  // written back in place with write_back, so no chain is ever duplicated.
  struct Taken {
    torch::Tensor y, x, slots;
    torch::Tensor eps;  // [n], with_eps only
  };
  Taken take(int64_t n) const;
  // Like sample(n), with each chain's eps (with_eps) and slot.
  Taken sample_chains(int64_t n) const;
  void write_back(const torch::Tensor& slots, const torch::Tensor& y);

  // The stored chains in ring order and the write position, for checkpoints.
  struct State {
    torch::Tensor ys, xs;  // [size, Dy], [size, Dx]
    int64_t next = 0;
    torch::Tensor eps;     // [size], with_eps only (undefined otherwise)
  };
  State state() const;
  // Throws std::invalid_argument if the state does not fit this buffer's shape.
  void restore(const State& state);

  int64_t size() const { return size_; }
  int64_t capacity() const { return capacity_; }
  bool with_eps() const { return eps_.defined(); }
  void clear() { size_ = 0; next_ = 0; }

 private:
  int64_t capacity_;
  int64_t size_ = 0;
  int64_t next_ = 0;
  torch::Tensor ys_;
  torch::Tensor xs_;
  torch::Tensor eps_;
};

}  // namespace egeot
