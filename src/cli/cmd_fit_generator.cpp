// egeot fit-generator: fits egeot's own generator on one class of a dataset (a WAE-MMD, see
// core/generator_fit.h), reports how much of its latent space it uses and how sharp its samples
// are, and saves it as a directory that load_generator (and so image scenes) can use.
#include "base/atomic_file.h"
#include "base/error.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/interrupt.h"
#include "cli/progress_bar.h"
#include "cli/validators.h"
#include "core/data/fashion_mnist.h"
#include "core/data/image_png.h"
#include "core/generators/builtin_generator.h"
#include "core/generators/generator_cache.h"
#include "core/generators/generator_diagnostics.h"
#include "core/generators/generator_fit.h"
#include "core/nets/device.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace fs = std::filesystem;

namespace egeot::cli {
namespace {

struct FitGeneratorOptions {
  std::string dataset = "fashion-mnist";
  std::string class_name;
  std::string out;
  std::string samples;
  std::string device = "auto";
  int64_t iters = 2000;
  int64_t seed = 0;
  int64_t z_dim = 16;
  int64_t batch = 100;
  int64_t base_channels = 32;
  double mmd_weight = 100;
};

void check_png_out(const std::string& path) {
  if (fs::path(path).extension() != ".png") {
    throw InputError("--samples " + path + ": expected a .png file name");
  }
  auto parent = fs::absolute(fs::path(path)).parent_path();
  ensure_writable_dir(parent.string());
}

nlohmann::json run_diagnostics(BuiltinGenerator& g, const ImageSet& train, const ImageSet& test,
                               const FitGeneratorOptions& o) {
  torch::NoGradGuard no_grad;
  const int64_t n = std::min<int64_t>(1000, train.size());
  const auto real = train.images.narrow(0, 0, n).to(g.device());
  auto cpu = at::detail::createCPUGenerator(o.seed + 7);
  const auto prior = torch::randn({n, g.z_dim()}, cpu).to(g.device());
  const auto prior2 = torch::randn({n, g.z_dim()}, cpu).to(g.device());
  const auto samples = g.decode(prior);
  const auto z = g.encode(real);
  const Sharpness s_real = sharpness(real), s_fake = sharpness(samples);
  const auto test_images = test.images.to(g.device());
  const double recon_test = (g.decode(g.encode(test_images)) - test_images)
                                .pow(2)
                                .flatten(1)
                                .sum(1)
                                .mean()
                                .item<double>();
  torch::Tensor z_std = z.std(0);
  LatentUsage usage;
  {
    torch::GradMode::set_enabled(true);
    usage = latent_usage(g, 64, o.seed + 11);
    torch::GradMode::set_enabled(false);
  }
  return {
      {"latent_dims_1pct", usage.dims_1pct},
      {"latent_dims_5pct", usage.dims_5pct},
      {"jacobian_relative_spectrum", usage.relative_spectrum},
      {"sharpness_gradient_ratio", s_fake.gradient / s_real.gradient},
      {"sharpness_laplacian_ratio", s_fake.laplacian / s_real.laplacian},
      {"recon_test", recon_test},
      {"encoded_sq_norm_per_dim", z.pow(2).sum(1).mean().item<double>() / g.z_dim()},
      {"encoded_std_min", z_std.min().item<double>()},
      {"encoded_std_max", z_std.max().item<double>()},
      {"mmd_encoded_vs_prior", mmd_imq(z, prior).item<double>()},
      {"mmd_prior_vs_prior", mmd_imq(prior2, prior).item<double>()},
  };
}

void run_fit_generator(const FitGeneratorOptions& o) {
  // Everything that can be refused is refused before minutes of fitting.
  try {
    if (o.dataset == "fashion-mnist") fashion_mnist_class(o.class_name);
  } catch (const InputError& e) {
    throw InputError(std::string("--class: ") + e.what());
  }
  try {
    ensure_new_output_dir(o.out);
  } catch (const InputError& e) {
    throw InputError(std::string("--out ") + e.what());
  }
  if (!o.samples.empty()) check_png_out(o.samples);
  const torch::Device device = pick_device(o.device);
  const ImageSet train = builtin_training_images(o.dataset, o.class_name);
  const ImageSet test = load_fashion_mnist("test").of_class(fashion_mnist_class(o.class_name));

  FitOptions fit;
  fit.spec.z_dim = o.z_dim;
  fit.spec.shape = {train.images.size(1), train.images.size(2), train.images.size(3)};
  fit.spec.base_channels = o.base_channels;
  fit.iters = o.iters;
  fit.batch = o.batch;
  fit.mmd_weight = o.mmd_weight;
  fit.seed = static_cast<uint64_t>(o.seed);
  std::cerr << "egeot fit-generator: " << o.dataset << " " << o.class_name << ", " << train.size()
            << " images, z_dim " << o.z_dim << ", " << o.iters << " iterations, batch " << o.batch
            << ", device " << device << "\n";

  const auto t0 = std::chrono::steady_clock::now();
  ProgressBar bar(0, o.iters);
  double recon_first = 0, mmd_first = 0, recon_last = 0, mmd_last = 0;
  int64_t done = 0;
  const int64_t window = std::max<int64_t>(1, std::min<int64_t>(50, o.iters / 5));
  std::shared_ptr<BuiltinGenerator> generator;
  {
    InterruptGuard interrupt_guard;  // Ctrl-C ends the fit early; nothing is written then
    generator = fit_builtin_generator(train.images, fit, device, [&](const FitStep& s) {
      if (s.iteration <= window) {
        recon_first += s.recon / window;
        mmd_first += s.mmd / window;
      }
      if (s.iteration > o.iters - window) {
        recon_last += s.recon / window;
        mmd_last += s.mmd / window;
      }
      done = s.iteration;
      bar.update(s.iteration, s.recon + o.mmd_weight * s.mmd);
      return !interrupted();
    });
    bar.finish();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (interrupted()) {
    std::cerr << "egeot fit-generator: interrupted at iteration " << done << "; nothing written\n";
    exit_code = 130;
    return;
  }
  auto diagnostics = run_diagnostics(*generator, train, test, o);
  generator->info() = {
      {"dataset", o.dataset},   {"class", o.class_name},      {"iters", o.iters},
      {"seed", o.seed},         {"batch", o.batch},           {"mmd_weight", o.mmd_weight},
      {"fit_seconds", seconds}, {"recon_first", recon_first}, {"recon_last", recon_last},
      {"mmd_first", mmd_first}, {"mmd_last", mmd_last},       {"diagnostics", diagnostics},
  };
  save_builtin_generator(o.out, *generator);
  if (!o.samples.empty()) {
    torch::NoGradGuard no_grad;
    auto cpu = at::detail::createCPUGenerator(static_cast<uint64_t>(o.seed) + 3);
    const auto z = torch::randn({64, o.z_dim}, cpu).to(device);
    write_png_grid(o.samples, generator->decode(z), 8, 2);
  }
  const auto& d = diagnostics;
  std::printf("fit: %lld iterations in %.1f s (%.1f it/s)\n", static_cast<long long>(o.iters),
              seconds, o.iters / seconds);
  std::printf(
      "reconstruction (sum of squared pixel errors per image): %.3f -> %.3f (train), "
      "%.3f (test)\n",
      recon_first, recon_last, d["recon_test"].get<double>());
  std::printf("MMD to N(0, I): %.4f -> %.4f; on 1000 images %.4f (two prior samples: %.4f)\n",
              mmd_first, mmd_last, d["mmd_encoded_vs_prior"].get<double>(),
              d["mmd_prior_vs_prior"].get<double>());
  std::printf("encoded latents: E|z|^2/d %.3f, per-dim std %.2f to %.2f (prior: 1)\n",
              d["encoded_sq_norm_per_dim"].get<double>(), d["encoded_std_min"].get<double>(),
              d["encoded_std_max"].get<double>());
  std::printf(
      "latent dims used (decoder Jacobian at prior samples): %.1f of %lld at 1 %%, "
      "%.1f at 5 %%\n",
      d["latent_dims_1pct"].get<double>(), static_cast<long long>(o.z_dim),
      d["latent_dims_5pct"].get<double>());
  std::printf("sharpness of samples / real images: gradient %.2f, Laplacian variance %.2f\n",
              d["sharpness_gradient_ratio"].get<double>(),
              d["sharpness_laplacian_ratio"].get<double>());
  std::printf("saved to %s%s%s\n", o.out.c_str(), o.samples.empty() ? "" : "; samples in ",
              o.samples.c_str());
}

}  // namespace

void add_fit_generator_command(CLI::App& app) {
  auto o = std::make_shared<FitGeneratorOptions>();
  auto* cmd = app.add_subcommand(
      "fit-generator", "Fit egeot's built-in generator (a WAE-MMD) on one class of a dataset");
  cmd->add_option("--dataset", o->dataset, "Dataset (fashion-mnist)")->capture_default_str();
  cmd->add_option("--class", o->class_name, "Class name, e.g. ankle-boot")->required();
  cmd->add_option("--out", o->out, "Directory to create for the generator")->required();
  cmd->add_option("--iters", o->iters, "Training iterations")
      ->capture_default_str()
      ->check(integer_at_least(1));
  add_seed_option(cmd, o->seed)->check(integer_at_least(0));
  cmd->add_option("--samples", o->samples, "Write an 8x8 grid of prior samples to this PNG");
  cmd->add_option("--z-dim", o->z_dim, "Latent dimension")
      ->capture_default_str()
      ->check(integer_between(1, 512));
  cmd->add_option("--batch", o->batch, "Batch size")
      ->capture_default_str()
      ->check(integer_between(2, 4096));
  cmd->add_option("--base-channels", o->base_channels, "Decoder width")
      ->capture_default_str()
      ->check(integer_where([](int64_t v) { return v >= 2 && v <= 512 && v % 2 == 0; },
                            "an even integer 2 to 512"));
  cmd->add_option("--mmd-weight", o->mmd_weight, "Weight of the MMD to the prior")
      ->capture_default_str()
      ->check(number_at_least(0));
  add_device_option(cmd, o->device);
  cmd->callback([o] { run_fit_generator(*o); });
}

}  // namespace egeot::cli
