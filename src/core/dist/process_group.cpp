#include "core/dist/process_group.h"

#include "core/dist/dist_error.h"

// LibTorch's CMake targets define USE_C10D_GLOO (and USE_C10D_NCCL on CUDA builds that have
// NCCL) for the code that links them; the Gloo headers come from libgloo-dev.
#ifndef USE_C10D_GLOO
#error "this LibTorch was built without Gloo (USE_C10D_GLOO): egeot's distributed training needs it"
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <cstdlib>

namespace egeot {
namespace {

std::string first_line_of(const std::exception& e) {
  const std::string what = e.what();
  return what.substr(0, what.find('\n'));
}

std::shared_ptr<::gloo::transport::Device> gloo_device(const MasterAddress& master) {
  // On one machine, loopback; across machines, the interface GLOO_SOCKET_IFNAME names, else
  // the address this host's name resolves to (which must be reachable from the others).
  if (master.loopback()) return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname) {
    return c10d::ProcessGroupGloo::createDeviceForInterface(ifname);
  }
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

}  // namespace

struct ProcessGroup::Impl {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroup> group;
  std::string backend;
};

ProcessGroup::ProcessGroup(const DistSettings& settings, torch::Device device)
    : settings_(settings), device_(device), impl_(std::make_unique<Impl>()) {
  const int rank = settings.rank;
  if (settings.world_size < 1 || rank < 0 || rank >= settings.world_size) {
    throw DistError(rank, "rank outside [0, " + std::to_string(settings.world_size) + ")");
  }
  const std::string where = settings.master.text();
  try {
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(settings.master.port);
    options.isServer = rank == 0;
    options.numWorkers = settings.world_size;
    options.waitWorkers = true;
    options.timeout = settings.timeout;
    impl_->store = c10::make_intrusive<c10d::TCPStore>(settings.master.host, options);
  } catch (const std::exception& e) {
    throw DistError(
        rank, (rank == 0 ? "hosting the rendezvous at " : "joining the rendezvous at ") + where +
                  " failed: " + first_line_of(e));
  }
  try {
    if (device.is_cuda()) {
#ifdef USE_C10D_NCCL
      auto options = c10d::ProcessGroupNCCL::Options::create();
      options->timeout = settings.timeout;
      impl_->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(impl_->store, rank,
                                                                 settings.world_size, options);
      impl_->backend = "nccl";
#else
      throw DistError(rank, "this LibTorch has no NCCL; train distributed on --device cpu");
#endif
    } else {
      auto options = c10d::ProcessGroupGloo::Options::create(settings.timeout);
      options->devices.push_back(gloo_device(settings.master));
      impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl_->store, rank,
                                                                 settings.world_size, options);
      impl_->backend = "gloo";
    }
  } catch (const DistError&) {
    throw;
  } catch (const std::exception& e) {
    throw DistError(rank, "connecting the ranks through " + where + " failed: " + first_line_of(e));
  }
}

ProcessGroup::~ProcessGroup() = default;

std::string ProcessGroup::backend() const {
  return impl_->backend;
}

void ProcessGroup::all_reduce(torch::Tensor& tensor, int op, const std::string& what) {
  // The backend's device (NCCL reduces CUDA tensors only); copied back when it is another.
  const bool moved = tensor.device() != device_;
  std::vector<torch::Tensor> tensors{moved ? tensor.to(device_) : tensor};
  c10d::AllreduceOptions options;
  options.reduceOp = c10d::ReduceOp(static_cast<c10d::ReduceOp::RedOpType>(op));
  options.timeout = settings_.timeout;
  try {
    auto work = impl_->group->allreduce(tensors, options);
    work->wait(settings_.timeout);
  } catch (const std::exception& e) {
    throw DistError(rank(),
                    what + " failed (a peer stopped or cannot be reached): " + first_line_of(e));
  }
  if (moved) tensor.copy_(tensors[0]);
}

void ProcessGroup::all_reduce_sum(torch::Tensor& tensor, const std::string& what) {
  all_reduce(tensor, c10d::ReduceOp::SUM, what);
}

void ProcessGroup::all_reduce_max(torch::Tensor& tensor, const std::string& what) {
  all_reduce(tensor, c10d::ReduceOp::MAX, what);
}

void ProcessGroup::store_set(const std::string& key, const std::string& value) {
  try {
    impl_->store->set(key, std::vector<uint8_t>(value.begin(), value.end()));
  } catch (const std::exception& e) {
    throw DistError(rank(), "the rendezvous store at " + settings_.master.text() +
                                " failed: " + first_line_of(e));
  }
}

std::string ProcessGroup::store_get(const std::string& key) {
  try {
    const auto value = impl_->store->get(key);
    return std::string(value.begin(), value.end());
  } catch (const std::exception& e) {
    throw DistError(rank(), "waiting for '" + key + "' in the rendezvous store at " +
                                settings_.master.text() + " failed: " + first_line_of(e));
  }
}

bool ProcessGroup::store_has(const std::string& key) {
  try {
    return impl_->store->check({key});
  } catch (const std::exception& e) {
    throw DistError(rank(), "the rendezvous store at " + settings_.master.text() +
                                " failed: " + first_line_of(e));
  }
}

}  // namespace egeot
