// egeot's built-in generator: the MMD it is fitted with, a CI-sized fit that must lower both
// losses and use its latent space, the exact Jacobian against central differences, the saved
// directory round-tripping through load_generator, and the cache fitting only once.
#include "test_prelude.h"

#include "core/generators/builtin_generator.h"
#include "base/error.h"
#include "core/data/fashion_mnist.h"
#include "core/generators/generator_cache.h"
#include "core/generators/generator_diagnostics.h"
#include "core/generators/generator_fit.h"
#include "base/json_fields.h"

#include <ATen/CPUGeneratorImpl.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

using egeot::test::contains;
using egeot::test::error_of;

// A CI-sized fit: 1000 sneakers, a narrow network, 300 iterations (a few seconds).
egeot::FitOptions small_fit() {
  egeot::FitOptions o;
  o.spec.base_channels = 16;
  o.iters = 300;
  o.batch = 64;
  o.seed = 3;
  return o;
}

const torch::Tensor& sneakers() {
  static const torch::Tensor images = egeot::load_fashion_mnist("train")
                                          .of_class(egeot::fashion_mnist_class("sneaker"))
                                          .images.narrow(0, 0, 1000);
  return images;
}

std::shared_ptr<egeot::BuiltinGenerator> fitted() {
  static const auto g = egeot::fit_builtin_generator(sneakers(), small_fit(), torch::kCPU);
  return g;
}

}  // namespace

TEST_SUITE("generator_fit") {
  TEST_CASE("MMD with the IMQ kernel: near 0 for one distribution, large for two") {
    auto gen = at::detail::createCPUGenerator(5);
    const auto a = torch::randn({400, 8}, gen);
    const auto b = torch::randn({400, 8}, gen);
    const auto shifted = torch::randn({400, 8}, gen) + 1.0;
    const auto scaled = torch::randn({400, 8}, gen) * 0.3;
    const double same = egeot::mmd_imq(a, b).item<double>();
    // Unbiased: the estimator's standard deviation is O(1/n) here, a few 1e-3 at n = 400.
    CHECK(std::abs(same) < 0.01);
    CHECK(egeot::mmd_imq(a, shifted).item<double>() > 10 * std::abs(same) + 0.05);
    CHECK(egeot::mmd_imq(a, scaled).item<double>() > 10 * std::abs(same) + 0.05);
  }

  TEST_CASE("decoder Jacobian matches central differences") {
    torch::manual_seed(1);
    egeot::BuiltinSpec spec;
    spec.base_channels = 8;
    spec.z_dim = 5;
    egeot::BuiltinGenerator g(spec, torch::kCPU);
    g.decoder()->to(torch::kFloat64);
    auto z = torch::randn({2, 5}, torch::kFloat64);
    const auto jac = egeot::decoder_jacobian(g, z);
    REQUIRE(jac.sizes() == torch::IntArrayRef({2, 784, 5}));
    torch::NoGradGuard no_grad;
    const double h = 1e-6;
    for (int64_t i = 0; i < 5; ++i) {
      auto dz = torch::zeros_like(z);
      dz.select(1, i).fill_(h);
      const auto fd = (g.decode(z + dz) - g.decode(z - dz)).flatten(1) / (2 * h);
      CHECK((fd - jac.select(2, i)).abs().max().item<double>() < 1e-6);
    }
  }

  TEST_CASE("a small fit lowers reconstruction and MMD and uses its latent space") {
    auto options = small_fit();
    torch::manual_seed(options.seed);
    egeot::BuiltinGenerator untrained(options.spec, torch::kCPU);
    const auto before = egeot::wae_losses(untrained, sneakers(), 9);
    int64_t steps = 0;
    auto g = fitted();
    const auto after = egeot::wae_losses(*g, sneakers(), 9);
    MESSAGE("recon " << before.recon << " -> " << after.recon << ", mmd " << before.mmd << " -> "
                     << after.mmd);
    CHECK(after.recon < 0.5 * before.recon);
    CHECK(after.mmd < 0.5 * before.mmd);
    // Once fitted the weights take no gradient: a latent cost differentiates z only.
    for (const auto& p : g->decoder()->parameters()) CHECK_FALSE(p.requires_grad());
    // The decoder responds to every latent dimension (a collapsed VAE used 4-5 of 16).
    const auto usage = egeot::latent_usage(*g, 32, 4);
    MESSAGE("latent dims used: " << usage.dims_1pct << " at 1 %, " << usage.dims_5pct << " at 5 %");
    CHECK(usage.dims_5pct >= 12);
    CHECK(usage.relative_spectrum.size() == 16);
    // Progress reports every iteration and can stop the fit.
    options.iters = 50;
    egeot::fit_builtin_generator(sneakers().narrow(0, 0, 100), options, torch::kCPU,
                                 [&](const egeot::FitStep& s) {
                                   steps = s.iteration;
                                   return s.iteration < 7;
                                 });
    CHECK(steps == 7);
  }

  TEST_CASE("save and load_generator round-trip with identical decode output") {
    auto g = fitted();
    g->info() = {{"dataset", "fashion-mnist"}, {"class", "sneaker"}};
    const auto dir = egeot::test::temp_dir("gen-save") + "/gen";
    egeot::save_builtin_generator(dir, *g);
    CHECK(egeot::is_builtin_generator_dir(dir));
    for (const auto& e : fs::directory_iterator(fs::path(dir).parent_path())) {
      CHECK(e.path().filename() == "gen");  // no temporary left behind
    }
    auto loaded = egeot::load_generator(dir, torch::kCPU);
    CHECK(loaded->z_dim() == 16);
    CHECK(loaded->image_shape().numel() == 784);
    CHECK(contains(loaded->describe(), "fashion-mnist sneaker"));
    const auto z = torch::randn({10, 16});
    torch::NoGradGuard no_grad;
    CHECK(torch::equal(loaded->decode(z), g->decode(z)));

    // Never overwritten: a second save into the same directory is refused.
    auto msg = error_of([&] { egeot::save_builtin_generator(dir, *g); });
    CHECK(contains(msg, dir + ": already exists and is not empty"));
    CHECK(torch::equal(egeot::load_generator(dir, torch::kCPU)->decode(z), g->decode(z)));

    // Bad directories give one clear line naming the file.
    const auto bad = egeot::test::temp_dir("gen-bad");
    fs::copy(dir, bad + "/g", fs::copy_options::recursive);
    auto doc = egeot::read_json_file(bad + "/g/config.json");
    doc["base_channels"] = 8;
    std::ofstream(bad + "/g/config.json") << doc.dump();
    msg = error_of([&] { egeot::load_generator(bad + "/g", torch::kCPU); });
    CHECK(contains(msg, bad + "/g/decoder.pt: tensor"));
    std::ofstream(bad + "/g/config.json") << "{\"format\": \"egeot-generator/1\", \"kind\": \"x\"}";
    msg = error_of([&] { egeot::load_generator(bad + "/g", torch::kCPU); });
    CHECK(contains(msg, "config.json: field 'kind'"));
    fs::remove(bad + "/g/config.json");
    msg = error_of([&] { egeot::load_generator(bad + "/g", torch::kCPU); });
    CHECK(contains(msg, "config.json: missing"));
    msg = error_of([&] { egeot::load_generator(bad + "/none", torch::kCPU); });
    CHECK(contains(msg, bad + "/none: no such generator"));
  }

  TEST_CASE("the cache fits once and then reuses the directory") {
    const auto cache = egeot::test::temp_dir("gen-cache");
    egeot::FitOptions options;
    options.spec.base_channels = 8;
    options.iters = 5;
    options.batch = 16;
    int64_t calls = 0;
    auto count = [&](const egeot::FitStep&) {
      ++calls;
      return true;
    };
    const auto dir = egeot::ensure_builtin_generator("fashion-mnist", "bag", options, count, cache);
    CHECK(calls == 5);
    CHECK(egeot::is_builtin_generator_dir(dir));
    CHECK(fs::path(dir).parent_path() == fs::path(cache) / "generators");
    const auto again =
        egeot::ensure_builtin_generator("fashion-mnist", "bag", options, count, cache);
    CHECK(again == dir);
    CHECK(calls == 5);
    CHECK(contains(
        error_of([&] { egeot::ensure_builtin_generator("afhq", "cat", options, count, cache); }),
        "fashion-mnist only"));
    CHECK(contains(error_of([&] {
                     egeot::ensure_builtin_generator("fashion-mnist", "boot", options, count,
                                                     cache);
                   }),
                   "unknown Fashion-MNIST class 'boot'"));
  }

  TEST_CASE("a cancelled fit caches nothing, and the next call fits afresh") {
    const auto cache = egeot::test::temp_dir("gen-cancel");
    egeot::FitOptions options;
    options.spec.base_channels = 8;
    options.iters = 5;
    options.batch = 16;
    int64_t calls = 0;
    auto stop_at_3 = [&](const egeot::FitStep& s) {
      ++calls;
      return s.iteration < 3;
    };
    std::string msg = "(no error)";
    try {
      egeot::ensure_builtin_generator("fashion-mnist", "bag", options, stop_at_3, cache);
    } catch (const egeot::FitCancelled& e) {
      msg = e.what();
    }
    CHECK(contains(msg, "cancelled at iteration 3 of 5; nothing was cached"));
    CHECK(calls == 3);
    // Nothing in the cache's generator folder: no directory, no temporary.
    const fs::path root = fs::path(cache) / "generators";
    if (fs::exists(root)) CHECK(fs::is_empty(root));
    calls = 0;
    const auto dir = egeot::ensure_builtin_generator("fashion-mnist", "bag", options,
                                                     [&](const egeot::FitStep&) { return ++calls > 0; }, cache);
    CHECK(calls == 5);
    CHECK(egeot::is_builtin_generator_dir(dir));
  }
}
