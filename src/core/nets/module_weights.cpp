#include "core/nets/module_weights.h"

#include "base/atomic_file.h"
#include "base/error.h"
#include "base/torch_archive.h"
#include "core/nets/archive_file.h"
#include "core/nets/archive_tensors.h"

#include <torch/torch.h>

#include <filesystem>
#include <utility>
#include <vector>

namespace egeot {

void save_module_weights(const std::string& path, const torch::nn::Module& module) {
  write_atomically(path, [&](const std::string& tmp) {
    torch::serialize::OutputArchive archive;
    for (const auto& item : module.named_parameters()) {
      archive.write(item.key(), item.value().detach().to(torch::kCPU));
    }
    save_archive(archive, tmp);
  });
}

void load_module_weights(const std::string& path, torch::nn::Module& module,
                         const std::string& owner) {
  if (!std::filesystem::exists(path))
    throw InputError(path + ": missing (" + owner + " has no weights)");
  check_torch_archive(path, TorchArchive::kData);
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path, torch::kCPU);
  } catch (const std::exception& e) {
    throw InputError(path + ": not a readable weights file (" + short_reason(e) + ")");
  }
  check_archive_tensors(archive, path);
  std::vector<std::pair<torch::Tensor, torch::Tensor>> copies;
  for (const auto& item : module.named_parameters()) {
    torch::Tensor stored;
    if (!archive.try_read(item.key(), stored)) {
      throw InputError(path + ": has no tensor '" + item.key() +
                       "': the weights are of another architecture than config.json's");
    }
    if (stored.sizes() != item.value().sizes()) {
      throw InputError(path + ": tensor '" + item.key() + "' has shape " +
                       c10::str(stored.sizes()) + ", config.json's network needs " +
                       c10::str(item.value().sizes()));
    }
    if (!torch::isfinite(stored).all().item<bool>()) {
      throw InputError(path + ": tensor '" + item.key() + "' holds NaN or infinite values");
    }
    copies.emplace_back(item.value(), stored);
  }
  torch::NoGradGuard no_grad;
  for (auto& [param, stored] : copies) param.copy_(stored);
}

}  // namespace egeot
