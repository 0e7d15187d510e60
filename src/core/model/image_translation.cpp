#include "core/model/image_translation.h"

#include "base/error.h"
#include "core/generators/generator_cost.h"

#include <torch/torch.h>

namespace egeot {

std::shared_ptr<Generator> scene_generator(const EgeotModel& model) {
  const auto* cost = dynamic_cast<const GeneratorCost*>(&model.cost());
  if (!cost) {
    throw InputError("scene " + model.scene().name +
                     ": not an image scene (its cost is " + model.cost().name() + ", not a generator's)");
  }
  return cost->generator();
}

int64_t default_translation_steps(const EgeotModel& model) {
  return 10 * model.scene().sampler.steps;
}

Translations translate_images(EgeotModel& model, const torch::Tensor& sources, int64_t k,
                              int64_t steps, double eps, double anneal, const torch::Tensor& y0,
                              int64_t chunk) {
  if (!(anneal >= 0 && anneal <= 1)) {
    throw InputError("--anneal: expected a share of the steps in [0, 1], got " + std::to_string(anneal));
  }
  const auto tempering = model.fresh_anneal(steps, anneal);
  auto generator = scene_generator(model);
  const int64_t n = sources.size(0);
  const auto shape = generator->image_shape();
  if (sources.dim() != 4 || sources.size(1) != shape.channels || sources.size(2) != shape.height ||
      sources.size(3) != shape.width) {
    throw InputError("source images: expected [n, " + std::to_string(shape.channels) + ", " +
                     std::to_string(shape.height) + ", " + std::to_string(shape.width) +
                     "] (the generator's resolution)");
  }
  // Row i * k + j is chain j of source i.
  auto x = sources.flatten(1).repeat_interleave(k, 0);
  std::vector<torch::Tensor> zs, images;
  for (int64_t begin = 0; begin < n * k; begin += chunk) {
    const int64_t len = std::min(chunk, n * k - begin);
    auto xc = x.narrow(0, begin, len);
    auto z = y0.defined() ? model.sample_conditional_from(xc, y0.narrow(0, begin, len), steps, eps, tempering)
                          : model.sample_conditional(xc, steps, eps, nullptr, 0, tempering);
    torch::NoGradGuard no_grad;
    images.push_back(generator->decode(z.to(generator->device())).to(torch::kCPU));
    zs.push_back(z.to(torch::kCPU));
  }
  return {torch::cat(zs).reshape({n, k, -1}),
          torch::cat(images).reshape({n, k, shape.channels, shape.height, shape.width})};
}

}  // namespace egeot
