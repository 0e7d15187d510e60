#include "core/nets/device.h"

#include "base/error.h"

#include <torch/cuda.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <thread>

// OpenBLAS's run-time thread control; weak, so a build on another BLAS still links.
extern "C" void openblas_set_num_threads(int) __attribute__((weak));

namespace egeot {

torch::Device pick_device(const std::string& want) {
  const bool has_cuda = torch::cuda::is_available();
  if (want == "auto") return has_cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  if (want == "cpu") return torch::Device(torch::kCPU);
  if (want == "cuda") {
    if (!has_cuda) {
      throw InputError("--device cuda: this LibTorch has no CUDA device available; use cpu or auto");
    }
    return torch::Device(torch::kCUDA);
  }
  throw InputError("--device: expected cpu, cuda or auto, got '" + want + "'");
}

void configure_cpu_threads() {
  at::set_num_threads(1);
  at::set_num_interop_threads(1);
}

void set_blas_threads(int threads) {
  if (openblas_set_num_threads) openblas_set_num_threads(threads);
}

int use_torch_threads(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  set_blas_threads(1);
  at::set_num_threads(threads);
  return threads;
}

}  // namespace egeot
