#pragma once
// One rank's membership of a distributed run on c10d: a TCPStore rendezvous (rank 0 hosts it
// at the master address, the others connect) and a process group over it, Gloo for CPU
// tensors, NCCL for CUDA devices when this LibTorch was built with it. Every call waits at
// most the timeout; a peer that died, never came or cannot be reached becomes a DistError
// naming this rank and the cause, never a hang.
#include "core/dist/master_address.h"

#include <torch/types.h>

#include <chrono>
#include <memory>
#include <string>

namespace egeot {

struct DistSettings {
  int world_size = 1;
  int rank = 0;
  MasterAddress master{"127.0.0.1", 29500};
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};
};

class ProcessGroup {
 public:
  // Joins the run: blocks until all world_size ranks have joined (DistError after timeout).
  // device: where the tensors given to the collectives live (CUDA selects NCCL).
  ProcessGroup(const DistSettings& settings, torch::Device device);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  int rank() const { return settings_.rank; }
  int world_size() const { return settings_.world_size; }
  const DistSettings& settings() const { return settings_; }
  std::string backend() const;

  // In place, on every rank; `what` names the call in errors ("the gradient all-reduce").
  void all_reduce_sum(torch::Tensor& tensor, const std::string& what);
  void all_reduce_max(torch::Tensor& tensor, const std::string& what);

  // The rendezvous store, for small exchanges at start and on failure: get waits for the key
  // up to the timeout.
  void store_set(const std::string& key, const std::string& value);
  std::string store_get(const std::string& key);
  bool store_has(const std::string& key);

 private:
  struct Impl;
  void all_reduce(torch::Tensor& tensor, int op, const std::string& what);
  DistSettings settings_;
  torch::Device device_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace egeot
