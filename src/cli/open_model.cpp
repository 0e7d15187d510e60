#include "cli/open_model.h"

#include "core/nets/device.h"
#include "core/train/checkpoint.h"

namespace egeot::cli {

std::unique_ptr<EgeotModel> open_model(const std::string& dir, const std::string& device_flag) {
  return load_model(dir, pick_device(device_flag));
}

}  // namespace egeot::cli
