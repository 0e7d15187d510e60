#pragma once
// Draws taken inside a scope leave torch's default CPU generator where it was: checks and
// evaluations that sample (the divergence guard, a watched run's health check, a bench's
// evaluation) then do not change the run they look at.
#include <ATen/core/Generator.h>
#include <ATen/CPUGeneratorImpl.h>

namespace egeot {

class RngKept {
 public:
  RngKept() : gen_(at::detail::getDefaultCPUGenerator()), state_(gen_.get_state()) {}
  ~RngKept() { gen_.set_state(state_); }
  RngKept(const RngKept&) = delete;
  RngKept& operator=(const RngKept&) = delete;

 private:
  at::Generator gen_;
  at::Tensor state_;
};

}  // namespace egeot
