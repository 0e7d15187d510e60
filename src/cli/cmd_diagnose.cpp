// `egeot diagnose`: does each sampler reach pi_f(.|x) at a query x? Chains from three starts
// (eval/sampler_diagnostics.h), per sampler: acceptance, step, split-R̂, bulk ESS, the TV to
// the learned f's grid density over steps, and the energy distance to Sinkhorn's conditional.
#include "base/error.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/open_model.h"
#include "cli/parse.h"
#include "cli/validators.h"
#include "core/ot/sample_distance.h"
#include "core/ot/sinkhorn.h"
#include "eval/sampler_diagnostics.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

namespace egeot::cli {
namespace {

// Vehtari et al.'s threshold: above it the chains still remember where they started.
constexpr double kRhatMixed = 1.01;

// Frozen chains at distinct starts give an R-hat of thousands or infinity: said so, not printed
// as a 20-digit number.
std::string number_text(double r) {
  if (!std::isfinite(r)) return "inf";
  if (r >= 1000) return ">1000";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", r);
  return buf;
}

struct DiagnoseOptions {
  std::string checkpoint;
  std::string query;  // empty: one x ~ P
  SamplerFlags sampler;
  DiagnosticOptions run;
  int64_t n_sinkhorn = 2000;
  int64_t seed = 0;
  std::string device = "auto";
};

void print_curve(const char* title, const std::vector<SamplerDiagnostics>& all,
                 std::vector<double> SamplerDiagnostics::*values, double floor) {
  std::printf("\n  %s", title);
  if (floor >= 0) std::printf(" (floor %.3f: exact samples, as many as the chains)", floor);
  std::printf("\n  %-8s", "step");
  for (int64_t k : all[0].curve_steps) std::printf(" %7lld", static_cast<long long>(k));
  std::printf("\n");
  for (const auto& d : all) {
    std::printf("  %-8s", d.kind.c_str());
    for (double v : d.*values) std::printf(" %7s", number_text(v).c_str());
    std::printf("\n");
  }
}

void run_diagnose(const DiagnoseOptions& o) {
  auto model = open_model(o.checkpoint, o.device, o.sampler);
  if (model->scene().image_scene()) {
    throw InputError("--checkpoint " + o.checkpoint +
                     ": an image scene; diagnose takes point scenes");
  }
  const int64_t dim = model->scene().potential.dim;
  torch::manual_seed(o.seed);
  auto x = o.query.empty()
               ? model->source().sample(1).to(torch::kCPU, torch::kFloat32).reshape({dim})
               : torch::tensor(parse_point("--query", o.query, dim));
  DiagnosticOptions run = o.run;
  if (run.steps <= 0) run.steps = 10 * model->scene().sampler.steps;

  // The learned f's exact conditional on a grid (2D), and Sinkhorn's on samples.
  auto q = model->target().sample(o.n_sinkhorn).to(torch::kCPU);
  Grid2D grid;
  torch::Tensor density;
  if (dim == 2) {
    grid = grid_on_mass(*model, x, grid_around(q));
    density = conditional_on_grid(*model, x, grid).density;
  }
  SinkhornOptions so;
  so.eps = model->scene().eps;
  auto plan = solve_sinkhorn(model->shared_cost(), model->source().sample(o.n_sinkhorn), q, so);
  auto reference = plan.sample(x.to(torch::kFloat64).reshape({1, dim}), run.chains);
  const double baseline = energy_distance(reference, q.slice(0, 0, run.chains));

  // The sampler the flags name, or all three side by side.
  std::vector<std::string> kinds = o.sampler.kind.empty()
                                       ? std::vector<std::string>{"ula", "mala", "hmc"}
                                       : std::vector<std::string>{o.sampler.kind};
  const LangevinSettings base = model->sampler().settings();
  std::vector<SamplerDiagnostics> all;
  for (const auto& kind : kinds) {
    LangevinSettings s = base;
    s.kind = kind;
    torch::manual_seed(o.seed);
    std::cerr << "egeot diagnose: " << kind << ", " << run.chains << " chains x " << run.steps
              << " steps\n";
    all.push_back(diagnose_sampler(*model, s, x, run, grid, density, reference));
  }

  std::printf("egeot diagnose: %s (scene %s, eps %g, iteration %lld), query x = (",
              o.checkpoint.c_str(), model->scene().name.c_str(), model->scene().eps,
              static_cast<long long>(model->iteration()));
  for (int64_t j = 0; j < dim && j < 3; ++j)
    std::printf("%s%.3f", j ? ", " : "", x[j].item<double>());
  std::printf("%s)\n", dim > 3 ? ", ..." : "");
  std::printf(
      "  %lld chains in three groups: near x (N(x, eps I)), on samples of Q, on a sphere at %gx "
      "Q's "
      "radius; %lld steps\n",
      static_cast<long long>(run.chains), kFarRadius, static_cast<long long>(run.steps));
  std::printf("  Sinkhorn reference on %lld samples: %s, marginal error %.2g\n\n",
              static_cast<long long>(o.n_sinkhorn),
              plan.report().converged ? "converged" : "NOT converged",
              plan.report().marginal_error);
  std::printf("  %-8s %9s %8s %10s %8s %8s %12s %10s\n", "sampler", "step", "accept", "grad evals",
              "R-hat", "ESS", "E(chains,SK)", "E(SK,Q)");
  for (const auto& d : all) {
    char accept[16] = "-";
    if (d.mean_acceptance >= 0) std::snprintf(accept, sizeof accept, "%.3f", d.mean_acceptance);
    std::printf("  %-8s %9.4g %8s %10lld %8s %8.0f %12.5f %10.5f\n", d.kind.c_str(), d.step, accept,
                static_cast<long long>(d.gradient_evaluations), number_text(d.rhat_final).c_str(),
                d.ess_final, d.energy_to_reference, baseline);
  }
  print_curve("split R-hat of the draws in (k/2, k]", all, &SamplerDiagnostics::rhat, -1);
  if (dim == 2)
    print_curve("TV of the chains at step k to the learned f's grid density", all,
                &SamplerDiagnostics::tv, all[0].tv_floor);
  if (dim == 2) {
    std::printf(
        "\n  grid: [%.3f, %.3f] x [%.3f, %.3f], %lld x %lld cells around pi_f(.|x)'s mass\n",
        grid.xmin, grid.xmax, grid.ymin, grid.ymax, static_cast<long long>(grid.nx),
        static_cast<long long>(grid.ny));
  }
  std::printf(
      "\n  step: ULA's sigma, MALA's proposal noise, HMC's leapfrog step (final, after any "
      "adaptation);\n"
      "  accept: mean over the second half; grad evals: per chain over the run; R-hat and ESS "
      "(bulk,\n"
      "  smallest over coordinates) over the second half; E: energy distance of the final chains "
      "to\n"
      "  Sinkhorn's conditional, and of Sinkhorn's conditional to Q (what ignoring x would "
      "score).\n");
  for (const auto& d : all) {
    if (d.collapsed) std::printf("  %s\n", d.collapse_reason.c_str());
    if (d.rhat_final > kRhatMixed) {
      std::printf(
          "  %s: NOT mixed: R-hat %s > %.2f, the chains still depend on where they started\n",
          d.kind.c_str(), number_text(d.rhat_final).c_str(), kRhatMixed);
    }
  }
}

}  // namespace

void add_diagnose_command(CLI::App& app) {
  auto o = std::make_shared<DiagnoseOptions>();
  o->run.steps = 0;
  auto* cmd = app.add_subcommand("diagnose",
                                 "Check that the samplers reach pi_f(.|x): R-hat, ESS, acceptance, "
                                 "TV to the grid density, distance to Sinkhorn");
  add_checkpoint_option(cmd, o->checkpoint);
  cmd->add_option("--query", o->query, "Query point x, e.g. 0.5,0.5 (default: one x ~ P)");
  add_sampler_options(cmd, o->sampler);
  cmd->get_option("--sampler")
      ->description("Chain kernel: ula, mala or hmc (default: all three, side by side)");
  cmd->add_option("--steps", o->run.steps, "Steps per chain (default: 10x the scene's)")
      ->check(integer_between(16, 1000000));
  cmd->add_option("--chains", o->run.chains, "Chains, split evenly among the three starts")
      ->capture_default_str()
      ->check(integer_between(6, 100000));
  cmd->add_option("--curve-points", o->run.curve_points, "Steps at which R-hat and TV are reported")
      ->capture_default_str()
      ->check(integer_between(1, 100));
  cmd->add_option("--n-sinkhorn", o->n_sinkhorn, "Samples of P and Q for Sinkhorn")
      ->capture_default_str()
      ->check(integer_between(10, 20000));
  add_seed_option(cmd, o->seed);
  add_device_option(cmd, o->device);
  cmd->callback([o] { run_diagnose(*o); });
}

}  // namespace egeot::cli
