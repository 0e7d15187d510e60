// The TorchScript generator contract on modules built here with torch::jit: a good one loads
// and decodes differentiably; each way of breaking the contract gives an InputError naming the
// file and the broken clause. The export_stylegan2 suite checks a file written by
// scripts/export-stylegan2.py (run by tests/export_stylegan2.sh, skipped otherwise).
#include "test_prelude.h"

#include "base/error.h"
#include "core/generators/torchscript_generator.h"

#include <torch/script.h>

#include <cstdlib>
#include <fstream>

using namespace egeot;

namespace {

constexpr int64_t kZDim = 8;

// A module z [B, 8] -> [B, 3, 4, 4] whose forward body is `body` (TorchScript source using z
// and the 8x48 weight self.w); the z_dim attribute is set unless z_dim is 0.
std::string save_module(const std::string& dir, const std::string& name, const std::string& body,
                        int64_t z_dim = kZDim) {
  torch::jit::Module m("Gen");
  torch::manual_seed(3);
  m.register_parameter("w", torch::randn({kZDim, 48}), false);
  if (z_dim != 0) m.register_attribute("z_dim", c10::IntType::get(), z_dim);
  m.define("def forward(self, z):\n  y = torch.matmul(z, self.w)\n  " + body + "\n");
  const auto path = dir + "/" + name + ".pt";
  m.save(path);
  return path;
}

const char* kGood = "return torch.sigmoid(y).view(-1, 3, 4, 4)";

// The InputError message for loading path, or "" when it loads.
std::string load_error(const std::string& path, int64_t z_dim = 0) {
  try {
    load_torchscript_generator(path, torch::kCPU, z_dim);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_SUITE("torchscript_generator") {
  TEST_CASE("a module meeting the contract loads and decodes differentiably") {
    const auto dir = test::temp_dir("ts_good");
    const auto path = save_module(dir, "good", kGood);
    auto g = load_torchscript_generator(path, torch::kCPU);
    CHECK(g->z_dim() == kZDim);
    CHECK(g->image_shape().channels == 3);
    CHECK(g->image_shape().height == 4);
    CHECK(g->image_shape().width == 4);
    CHECK(g->describe().find("good.pt") != std::string::npos);
    auto z = torch::randn({5, kZDim}).requires_grad_(true);
    auto x = g->decode(z);
    CHECK(x.sizes() == torch::IntArrayRef({5, 3, 4, 4}));
    // The gradient matches the closed form: d/dz sum sigmoid(z w) = (s (1 - s)) w^T.
    x.sum().backward();
    torch::manual_seed(3);
    const auto w = torch::randn({kZDim, 48});
    const auto y = torch::sigmoid(torch::matmul(z.detach(), w));
    const auto expected = torch::matmul(y * (1 - y), w.t());
    CHECK(torch::allclose(z.grad(), expected, 1e-4, 1e-5));
    // The generic check accepts it too.
    CHECK_NOTHROW(check_generator_contract(*g, "good"));
  }

  TEST_CASE("z_dim comes from the attribute or the caller, and they must agree") {
    const auto dir = test::temp_dir("ts_zdim");
    const auto bare = save_module(dir, "bare", kGood, 0);
    CHECK(load_error(bare).find(dir + "/bare.pt: the module has no int attribute z_dim") == 0);
    CHECK(load_torchscript_generator(bare, torch::kCPU, kZDim)->z_dim() == kZDim);
    const auto good = save_module(dir, "good", kGood);
    CHECK(load_error(good, 16).find(dir +
                                    "/good.pt: the module's z_dim is 8 but 16 was asked for") == 0);
    // A wrong z_dim attribute shows up as a failing forward, named as such.
    const auto wrong = save_module(dir, "wrong_zdim", kGood, 5);
    CHECK(load_error(wrong).find(dir + "/wrong_zdim.pt: forward(z) failed on z of shape [2, 5]") ==
          0);
  }

  TEST_CASE("each broken clause of the contract is named") {
    const auto dir = test::temp_dir("ts_bad");
    struct Case {
      const char* name;
      const char* body;
      const char* expected;
    };
    const Case cases[] = {
        {"rank", "return torch.sigmoid(y).view(-1, 3, 16)",
         "rank.pt: output has shape [2, 3, 16] (expected [B, C, H, W])"},
        {"range", "return torch.tanh(y).view(-1, 3, 4, 4)", "range.pt: output values span [-"},
        {"baked_batch",
         "return torch.sigmoid(y).view(-1, 3, 4, 4).mean(0, True).expand(2, 3, 4, 4)",
         "baked_batch.pt: output has batch size 2 for a batch of 1 latents"},
        {"nan",
         "x = torch.sigmoid(y).view(-1, 3, 4, 4)\n  return x.masked_fill(x > 0.7, float('nan'))",
         "nan.pt: output has "},
        {"double", "return torch.sigmoid(y).view(-1, 3, 4, 4).double()",
         "double.pt: output has dtype Double (expected float32)"},
        {"channels", "return torch.sigmoid(y).view(-1, 2, 4, 6)",
         "channels.pt: output has 2 channels (expected 1 for grey or 3 for RGB)"},
        {"constant",
         "return torch.sigmoid(self.w).view(1, 3, 4, 4, 8).sum(4).sigmoid().expand(z.size(0), 3, "
         "4, 4)",
         "constant.pt: output carries no gradient to z"},
        {"flat", "return (torch.sigmoid(y) * 0.0 + 0.5).view(-1, 3, 4, 4)",
         "flat.pt: output does not depend on z"},
        {"tuple", "return (torch.sigmoid(y).view(-1, 3, 4, 4), y)",
         "tuple.pt: forward(z) returned a Tuple (expected one tensor [B, C, H, W])"},
        {"throws", "return y.view(-1, 5, 4, 4)",
         "throws.pt: forward(z) failed on z of shape [2, 8]"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.name);
      const auto message = load_error(save_module(dir, c.name, c.body));
      CHECK(message.find(dir + "/" + c.expected) == 0);
      CHECK(message.find('\n') == std::string::npos);
    }
    // The NaN message counts the bad values and says what they are.
    CHECK(load_error(dir + "/nan.pt").find("non-finite values (NaN or inf)") != std::string::npos);
    CHECK(load_error(dir + "/range.pt").find("(expected [0, 1]") != std::string::npos);
  }

  TEST_CASE("a missing or non-TorchScript file is named") {
    const auto dir = test::temp_dir("ts_files");
    CHECK(load_error(dir + "/absent.pt") == dir + "/absent.pt: no such TorchScript file");
    std::ofstream(dir + "/junk.pt") << "not a zip archive";
    const auto message = load_error(dir + "/junk.pt");
    CHECK(message.find(dir + "/junk.pt: not a TorchScript file this LibTorch") == 0);
    CHECK(message.find('\n') == std::string::npos);
  }
}

// Run by tests/export_stylegan2.sh with EGEOT_EXPORTED=FILE.pt and EGEOT_EXPORT_REF=REF.pt
// (z and the eager generator's images, written by tests/fixtures/fake_stylegan/make_fake.py) and
// EGEOT_EXPORT_SHAPE=CxHxW; skipped in plain runs.
TEST_SUITE("export_stylegan2" * doctest::skip()) {
  TEST_CASE("a file from scripts/export-stylegan2.py meets the contract and matches G") {
    const char* file = std::getenv("EGEOT_EXPORTED");
    const char* ref = std::getenv("EGEOT_EXPORT_REF");
    const char* shape = std::getenv("EGEOT_EXPORT_SHAPE");
    REQUIRE_MESSAGE(file, "EGEOT_EXPORTED is not set (run tests/export_stylegan2.sh)");
    REQUIRE_MESSAGE(ref, "EGEOT_EXPORT_REF is not set");
    REQUIRE_MESSAGE(shape, "EGEOT_EXPORT_SHAPE is not set");
    auto g = load_torchscript_generator(file, torch::kCPU);
    const auto s = g->image_shape();
    CHECK(std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" +
              std::to_string(s.width) ==
          shape);
    auto reference = torch::jit::load(ref);
    const auto z = reference.attr("z").toTensor();
    const auto expected = reference.attr("x").toTensor();
    CHECK(z.size(1) == g->z_dim());
    torch::NoGradGuard no_grad;
    const auto x = g->decode(z);
    REQUIRE(x.sizes() == expected.sizes());
    CHECK((x - expected).abs().max().item<double>() < 1e-4);
    // And one latent at a time gives the same images (no batch coupling).
    for (int64_t i = 0; i < z.size(0); ++i) {
      CHECK((g->decode(z.slice(0, i, i + 1)) - expected.slice(0, i, i + 1))
                .abs()
                .max()
                .item<double>() < 1e-4);
    }
  }
}
