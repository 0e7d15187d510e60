#include "cli/open_model.h"

#include "core/nets/device.h"
#include "core/train/checkpoint.h"

namespace egeot::cli {

std::unique_ptr<EgeotModel> open_model(const std::string& dir, const std::string& device_flag) {
  return load_model(dir, pick_device(device_flag));
}

std::unique_ptr<EgeotModel> open_model(const std::string& dir, const std::string& device_flag,
                                       const SamplerFlags& sampler) {
  auto model = open_model(dir, device_flag);
  auto kernel = model->scene().sampler;
  apply_sampler_flags(sampler, kernel);
  model->set_sampler_kernel(kernel);
  return model;
}

}  // namespace egeot::cli
