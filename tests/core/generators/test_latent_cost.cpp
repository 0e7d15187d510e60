// The pieces image scenes are built from: the latent cost c(x, z) = 1/2 |G(z) - x|^2 (its
// value by hand, its z-gradient through G against central differences) and source images
// as a Distribution (one Fashion-MNIST class, flattened).
#include "test_prelude.h"

#include "base/error.h"
#include "core/generators/generator_cost.h"
#include "core/data/image_distribution.h"
#include "core/generators/torchscript_generator.h"

#include <torch/script.h>

using namespace egeot;

namespace {

// G(z) = sigmoid(z W) as [B, 1, 3, 4]: smooth, so central differences are accurate.
std::shared_ptr<Generator> small_generator(const std::string& dir) {
  torch::jit::Module m("Gen");
  torch::manual_seed(5);
  m.register_parameter("w", torch::randn({6, 12}), false);
  m.register_attribute("z_dim", c10::IntType::get(), int64_t{6});
  m.define(
      "def forward(self, z):\n  return torch.sigmoid(torch.matmul(z, self.w)).view(-1, 1, 3, 4)\n");
  const auto path = dir + "/g.pt";
  m.save(path);
  return load_torchscript_generator(path, torch::kCPU);
}

}  // namespace

TEST_SUITE("latent_cost") {
  TEST_CASE("the latent cost is half the squared pixel distance and its gradient goes through G") {
    auto g = small_generator(test::temp_dir("latent_cost"));
    GeneratorCost cost(g);
    torch::manual_seed(1);
    auto x = torch::rand({4, 12});
    auto z = torch::randn({4, 6});
    auto value = cost.value(x, z);
    auto by_hand = 0.5 * (g->decode(z).reshape({4, 12}) - x).pow(2).sum(1);
    CHECK(torch::allclose(value, by_hand, 1e-6, 1e-6));

    auto grad = cost.grad_y(x, z);
    REQUIRE(grad.sizes() == z.sizes());
    const double h = 1e-3;
    double worst = 0;
    for (int64_t j = 0; j < 6; ++j) {
      auto dz = torch::zeros_like(z);
      dz.select(1, j).fill_(h);
      auto numeric = (cost.value(x, z + dz) - cost.value(x, z - dz)) / (2 * h);
      worst = std::max(worst, (numeric - grad.select(1, j)).abs().max().item<double>());
    }
    // float32 central differences with h = 1e-3 on O(1) values: error ~1e-4.
    CHECK(worst < 2e-3);
  }

  TEST_CASE("one Fashion-MNIST class as a source distribution of flattened images") {
    const nlohmann::json spec = {
        {"type", "images"}, {"dataset", "fashion-mnist"}, {"class", "sneaker"}};
    auto source = make_image_distribution(spec, "scene t", "source");
    CHECK(source->dim() == 28 * 28);
    CHECK(source->images().size() == 6000);  // 6000 per class in the train split
    torch::manual_seed(0);
    auto x = source->sample(64);
    CHECK(x.sizes() == torch::IntArrayRef({64, 784}));
    CHECK(x.min().item<float>() >= 0.0f);
    CHECK(x.max().item<float>() <= 1.0f);
    auto held_out = load_image_spec(spec, "scene t", "source", "test");
    CHECK(held_out.size() == 1000);

    const nlohmann::json bad = {
        {"type", "images"}, {"dataset", "fashion-mnist"}, {"class", "boot"}};
    try {
      make_image_distribution(bad, "scene t", "source");
      FAIL("an unknown class must be refused");
    } catch (const InputError& e) {
      const std::string what = e.what();
      CHECK(what.find("source.class") != std::string::npos);
      CHECK(what.find("ankle-boot") != std::string::npos);
    }
  }
}
