#include "core/train/trainer_state.h"

#include <torch/torch.h>

#include <sstream>

namespace egeot {
namespace {

std::vector<torch::Tensor> tensors_of(torch::nn::Module& module) {
  std::vector<torch::Tensor> out;
  for (auto& p : module.named_parameters()) out.push_back(p.value());
  for (auto& b : module.named_buffers()) out.push_back(b.value());
  return out;
}

std::vector<torch::Tensor> copies_of(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> out;
  for (auto& t : tensors_of(module)) out.push_back(t.detach().clone());
  return out;
}

// In place: Adam's state is keyed by the parameter tensors themselves, so they must stay.
void copy_into(torch::nn::Module& module, const std::vector<torch::Tensor>& values) {
  torch::NoGradGuard no_grad;
  auto targets = tensors_of(module);
  TORCH_CHECK(targets.size() == values.size(), "restore_state: the network changed shape");
  for (size_t i = 0; i < targets.size(); ++i) targets[i].copy_(values[i]);
}

torch::Tensor copy_of(const torch::Tensor& t) { return t.defined() ? t.detach().clone() : t; }

}  // namespace

TrainerState capture_state(EgeotTrainer& trainer) {
  TrainerState s;
  s.iteration = trainer.iteration();
  s.live = copies_of(*trainer.potential());
  if (trainer.has_average()) s.average = copies_of(*trainer.model().potential());
  std::ostringstream adam;
  torch::save(trainer.optimizer(), adam);
  s.optimizer = adam.str();
  auto buffer = trainer.buffer().state();
  s.buffer = {copy_of(buffer.ys), copy_of(buffer.xs), buffer.next, copy_of(buffer.eps)};
  return s;
}

void restore_state(EgeotTrainer& trainer, const TrainerState& s) {
  TORCH_CHECK(!s.empty(), "restore_state: nothing was captured");
  copy_into(*trainer.potential(), s.live);
  if (trainer.has_average()) copy_into(*trainer.model().potential(), s.average);
  std::istringstream adam(s.optimizer);
  torch::load(trainer.optimizer(), adam, trainer.device());
  trainer.buffer().restore(s.buffer);  // copies into the buffer's own storage
  trainer.set_iteration(s.iteration);
}

bool weights_finite(EgeotTrainer& trainer) {
  torch::NoGradGuard no_grad;
  auto all_finite = [](torch::nn::Module& m) {
    for (auto& t : tensors_of(m)) {
      if (t.is_floating_point() && !torch::isfinite(t).all().item<bool>()) return false;
    }
    return true;
  };
  return all_finite(*trainer.potential()) &&
         (!trainer.has_average() || all_finite(*trainer.model().potential()));
}

}  // namespace egeot
