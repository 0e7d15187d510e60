// load_generator: a directory is egeot's own generator, a file a TorchScript export.
#include "core/generators/generator.h"

#include "base/error.h"
#include "core/generators/builtin_generator.h"
#include "core/generators/torchscript_generator.h"

#include <filesystem>

namespace egeot {

std::shared_ptr<Generator> load_generator(const std::string& path, torch::Device device,
                                          int64_t z_dim) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    auto generator = load_builtin_generator(path, device);
    check_generator_contract(*generator, path);
    return generator;
  }
  if (!std::filesystem::exists(path, ec)) {
    throw InputError(path +
                     ": no such generator (expected a directory written by "
                     "`egeot fit-generator` or a TorchScript .pt file)");
  }
  return load_torchscript_generator(path, device, z_dim);
}

}  // namespace egeot
