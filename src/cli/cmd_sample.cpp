#include "base/atomic_file.h"
#include "base/error.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/eps_options.h"
#include "cli/kernel_report.h"
#include "cli/open_model.h"
#include "cli/parse.h"
#include "cli/validators.h"

#include <torch/torch.h>

#include <iostream>
#include <sstream>

namespace egeot::cli {
namespace {

struct SampleOptions {
  std::string checkpoint;
  std::vector<std::string> xs;
  int64_t n = 1000;
  int64_t steps = 0;  // 0: ten times the scene's training steps
  bool marginal = false;
  int64_t seed = 0;
  std::string device = "auto";
  std::string out;
  EpsFlag eps;  // eps-conditioned checkpoints: where to sample (default: the scene's eps)
  SamplerFlags sampler;
};

void run_sample(const SampleOptions& o) {
  if (o.xs.empty() == !o.marginal) {
    throw InputError("give either --x (one or more query points) or --marginal");
  }
  auto model = open_model(o.checkpoint, o.device, o.sampler);
  if (model->scene().image_scene()) {
    throw InputError("--checkpoint " + o.checkpoint + ": an image scene; translate its sources with `egeot translate "
                     "--checkpoint " + o.checkpoint + " --index I --out FILE.png`");
  }
  if (o.eps.given()) model->set_eps(o.eps.value(), "--eps");
  const int64_t dim = model->scene().potential.dim;
  const int64_t steps = o.steps > 0 ? o.steps : 10 * model->scene().sampler.steps;

  torch::manual_seed(o.seed);
  torch::Tensor x;
  if (o.marginal) {
    x = model->source().sample(o.n);
  } else {
    std::vector<torch::Tensor> rows;
    for (const auto& text : o.xs) {
      auto p = parse_point("--x", text, dim);
      rows.push_back(torch::tensor(p).unsqueeze(0).expand({o.n, dim}));
    }
    x = torch::cat(rows);
  }
  auto y = model->sample_conditional(x, steps).to(torch::kCPU).contiguous();

  std::ostringstream csv;
  csv.precision(7);
  for (int64_t j = 0; j < dim; ++j) csv << (j ? "," : "") << "x" << j;
  for (int64_t j = 0; j < dim; ++j) csv << ",y" << j;
  csv << "\n";
  auto xa = x.accessor<float, 2>();
  auto ya = y.accessor<float, 2>();
  for (int64_t i = 0; i < x.size(0); ++i) {
    for (int64_t j = 0; j < dim; ++j) csv << (j ? "," : "") << xa[i][j];
    for (int64_t j = 0; j < dim; ++j) csv << "," << ya[i][j];
    csv << "\n";
  }
  write_text_atomically(o.out, csv.str());
  std::cerr << "egeot sample: " << x.size(0) << " samples (" << steps << " " << model->scene().sampler.kind
            << " steps, eps " << model->scene().eps << ") -> " << o.out << "\n";
  print_kernel_report(*model, "egeot sample");
}

}  // namespace

void add_sample_command(CLI::App& app) {
  auto o = std::make_shared<SampleOptions>();
  auto* cmd = app.add_subcommand("sample", "Sample the learned conditional plan pi(.|x)");
  add_checkpoint_option(cmd, o->checkpoint);
  cmd->add_option("--x", o->xs, "Query point \"x1,x2,...\" (repeat for several)");
  cmd->add_option("--n", o->n, "Samples per query point (or in all with --marginal)")
      ->capture_default_str()
      ->check(integer_at_least(1));
  cmd->add_option("--steps", o->steps, "Langevin steps (default: 10x the scene's)")
      ->check(integer_at_least(0));
  add_sampler_options(cmd, o->sampler);
  add_eps_option(cmd, o->eps, EpsForm::kOne,
                 "eps to sample at, within an eps-conditioned checkpoint's range");
  cmd->add_flag("--marginal", o->marginal, "Sample y ~ pi(.|x) with x ~ P (the target marginal)");
  add_seed_option(cmd, o->seed);
  add_device_option(cmd, o->device);
  cmd->add_option("--out", o->out, "Output CSV (columns x0.., y0..)")->required();
  cmd->callback([o] { run_sample(*o); });
}

}  // namespace egeot::cli
