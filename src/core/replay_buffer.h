#pragma once
// Persistent Langevin chains: (y, x) pairs kept on the device in a ring of fixed capacity.
// A replayed chain keeps the x it was started for, so it continues sampling pi(.|x).
#include <torch/types.h>

namespace egeot {

class ReplayBuffer {
 public:
  ReplayBuffer(int64_t capacity, int64_t y_dim, int64_t x_dim, torch::Device device);

  // Appends pairs, overwriting the oldest once full.
  void push(const torch::Tensor& y, const torch::Tensor& x);

  // Draws n pairs uniformly (with replacement) from those stored: {y [n, Dy], x [n, Dx]}.
  std::pair<torch::Tensor, torch::Tensor> sample(int64_t n) const;

  // Persistent chains: n distinct pairs (n <= size) and their slots, to be continued and
  // written back in place with write_back, so no chain is ever duplicated.
  struct Taken {
    torch::Tensor y, x, slots;
  };
  Taken take(int64_t n) const;
  void write_back(const torch::Tensor& slots, const torch::Tensor& y);

  // The stored chains in ring order and the write position, for checkpoints.
  struct State {
    torch::Tensor ys, xs;  // [size, Dy], [size, Dx]
    int64_t next = 0;
  };
  State state() const;
  // Throws std::invalid_argument if the state does not fit this buffer's shape.
  void restore(const State& state);

  int64_t size() const { return size_; }
  int64_t capacity() const { return capacity_; }
  void clear() { size_ = 0; next_ = 0; }

 private:
  int64_t capacity_;
  int64_t size_ = 0;
  int64_t next_ = 0;
  torch::Tensor ys_;
  torch::Tensor xs_;
};

}  // namespace egeot
