// The sub-pixel rewrite of the decoder's transposed convolutions: the same values and the same
// gradients as LibTorch's ConvTranspose2d, and a frozen decoder's cached kernels follow its
// weights when they are replaced.
#include "test_prelude.h"

#include "core/generators/builtin_generator.h"
#include "core/generators/subpixel_conv.h"

TEST_SUITE("subpixel_conv") {
  TEST_CASE("a sub-pixel convolution equals the stride-2 transposed convolution, gradients too") {
    torch::manual_seed(3);
    torch::nn::ConvTranspose2d up(torch::nn::ConvTranspose2dOptions(5, 3, 4).stride(2).padding(1));
    const auto x0 = torch::randn({2, 5, 6, 7});  // not square, so rows and columns are not swapped
    auto x1 = x0.clone().requires_grad_(true), x2 = x0.clone().requires_grad_(true);
    auto ref = up->forward(x1);
    auto got = egeot::subpixel_upsample(x2, egeot::subpixel_kernel(up->weight, up->bias));
    REQUIRE(got.sizes() == ref.sizes());
    CHECK(got.sizes() == torch::IntArrayRef({2, 3, 12, 14}));
    CHECK((got - ref).abs().max().item<double>() < 1e-5);

    // Gradients to the input and (through the kernel's derivation) to the transposed weights.
    const auto upstream = torch::randn_like(ref);
    const std::vector<torch::Tensor> wrt_ref{x1, up->weight, up->bias}, wrt_got{x2, up->weight, up->bias};
    auto g_ref = torch::autograd::grad({(ref * upstream).sum()}, wrt_ref);
    auto g_got = torch::autograd::grad({(got * upstream).sum()}, wrt_got);
    for (size_t i = 0; i < g_ref.size(); ++i) {
      CAPTURE(i);
      CHECK((g_got[i] - g_ref[i]).abs().max().item<double>() < 1e-4 * (1 + g_ref[i].abs().max().item<double>()));
    }
  }

  TEST_CASE("a frozen decoder's cached kernels follow its weights") {
    torch::manual_seed(4);
    egeot::BuiltinSpec spec{8, {1, 12, 12}, 4};
    egeot::BuiltinGenerator a(spec, torch::kCPU), b(spec, torch::kCPU);
    const auto z = torch::randn({3, 8});
    auto live = a.decode(z).detach();  // trainable: kernels derived on every call
    a.set_trainable(false);
    b.set_trainable(false);
    CHECK(torch::allclose(a.decode(z), live, 0, 1e-6));
    const auto before = b.decode(z);  // fills b's cache
    CHECK((before - live).abs().max().item<double>() > 1e-3);
    {
      torch::NoGradGuard no_grad;
      auto from = a.decoder()->parameters(), to = b.decoder()->parameters();
      for (size_t i = 0; i < to.size(); ++i) to[i].copy_(from[i]);
    }
    CHECK(torch::allclose(b.decode(z), live, 0, 1e-6));
  }
}
