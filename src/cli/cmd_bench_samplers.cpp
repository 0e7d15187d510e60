// `egeot bench samplers`: ms per step and per gradient evaluation of ULA, MALA and HMC on a
// checkpoint, with the ratios to ULA measured in the same run (bench/sampler_bench.h).
#include "bench/machine_load.h"
#include "bench/sampler_bench.h"
#include "bench/sampler_tv_bench.h"
#include "cli/bench_output.h"
#include "cli/bench_samplers.h"
#include "cli/common_options.h"
#include "cli/open_model.h"
#include "cli/validators.h"

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace egeot::cli {
namespace {

struct BenchSamplersOptions {
  std::string checkpoint;
  SamplerBenchOptions bench;
  bool tv = false;
  SamplerTvOptions tv_options;
  int64_t max_gradients = 1600;
  std::string device = "auto";
  bool json = false;
};

void run_tv(EgeotModel& model, const BenchSamplersOptions& o) {
  const auto before = machine_load();
  const auto stage = stage_printer("egeot bench samplers --tv", o.json);
  auto options = o.tv_options;
  if (o.bench.leapfrog > 0) options.leapfrog = o.bench.leapfrog;
  options.budgets.clear();
  for (int64_t b = 25; b <= o.max_gradients; b *= 2) options.budgets.push_back(b);
  const auto r = run_sampler_tv_bench(model, options, stage);
  const auto after = machine_load();
  if (o.json) {
    auto rows = nlohmann::json::array();
    for (const auto& row : r.rows) {
      nlohmann::json j = {{"kernel", row.kernel}, {"step", row.step}, {"tv", row.tv}};
      if (row.acceptance >= 0) j["acceptance"] = row.acceptance;
      rows.push_back(j);
    }
    print_bench_json("bench_samplers_tv",
                     {{"scene", r.scene},
                      {"eps", r.eps},
                      {"gradient_evaluations", r.budgets},
                      {"tv_floor", r.floor},
                      {"kernels", rows}},
                     before, after);
    return;
  }
  std::printf(
      "bench samplers --tv: %s at eps %g, %lld query points x %lld chains; TV to pi_f(.|x) on a "
      "grid\n",
      r.scene.c_str(), r.eps, static_cast<long long>(options.queries),
      static_cast<long long>(options.chains));
  print_machine_loads(before, after);
  std::printf("%-18s %8s %7s", "kernel", "step", "accept");
  for (auto b : r.budgets) std::printf(" %7lld", static_cast<long long>(b));
  std::printf("   <- gradient evaluations\n");
  for (const auto& row : r.rows) {
    char accept[16] = "-";
    if (row.acceptance >= 0) std::snprintf(accept, sizeof accept, "%.3f", row.acceptance);
    std::printf("%-18s %8.4f %7s", row.kernel.c_str(), row.step, accept);
    for (double tv : row.tv) std::printf(" %7.4f", tv);
    std::printf("\n");
  }
  std::printf("TV floor (exact samples of this size, on average at most): %.4f\n", r.floor);
  std::printf(
      "step: ULA and MALA the noise sqrt(h), HMC the leapfrog step; MALA's and HMC's adapted in\n"
      "a warm-up run towards acceptance %.3g and %.3g, then fixed. Means over the query points.\n",
      options.mala_accept, options.hmc_accept);
}

void run_bench_samplers(const BenchSamplersOptions& o) {
  auto model = open_model(o.checkpoint, o.device);
  if (o.tv) return run_tv(*model, o);
  const auto before = machine_load();
  const auto r = run_sampler_bench(*model, o.bench, count_printer("round", o.json));
  const auto after = machine_load();
  const auto& ula = r.rows.front();
  if (o.json) {
    auto rows = nlohmann::json::array();
    for (const auto& t : r.rows) {
      nlohmann::json row = {{"kind", t.kind},
                            {"ms_per_step", t.ms_per_step},
                            {"gradients_per_step", t.gradients_per_step},
                            {"ms_per_gradient", t.ms_per_gradient},
                            {"step_ratio_to_ula", t.ms_per_step / ula.ms_per_step},
                            {"gradient_ratio_to_ula", t.ms_per_gradient / ula.ms_per_gradient},
                            {"cpu_ms_per_step", t.cpu_ms_per_step},
                            {"cpu_step_ratio_to_ula", t.cpu_ms_per_step / ula.cpu_ms_per_step},
                            {"cpu_gradient_ratio_to_ula",
                             t.cpu_ms_per_gradient / ula.cpu_ms_per_gradient}};
      if (t.leapfrog > 0) row["leapfrog"] = t.leapfrog;
      if (t.acceptance >= 0) row["acceptance"] = t.acceptance;
      rows.push_back(row);
    }
    print_bench_json("bench_samplers",
                     {{"scene", r.scene},
                      {"chains", r.chains},
                      {"steps", r.steps},
                      {"rounds", r.rounds},
                      {"kernels", rows}},
                     before, after);
    return;
  }
  std::printf("bench samplers: %s on %s (%lld chains, noise sigma %g); medians of %lld rounds of %lld steps\n",
              r.scene.c_str(), model->device().str().c_str(), static_cast<long long>(r.chains),
              model->scene().sampler.noise, static_cast<long long>(r.rounds), static_cast<long long>(r.steps));
  print_machine_loads(before, after);
  std::printf("%-9s %8s %9s %8s %9s %9s %8s %9s %9s %7s\n", "kernel", "grads", "ms/step", "ms/grad", "step/ULA",
              "grad/ULA", "cpu ms", "cpu step", "cpu grad", "accept");
  for (const auto& t : r.rows) {
    const std::string name = t.leapfrog > 0 ? t.kind + " L=" + std::to_string(t.leapfrog) : t.kind;
    char accept[16] = "-";
    if (t.acceptance >= 0) std::snprintf(accept, sizeof accept, "%.3f", t.acceptance);
    std::printf("%-9s %8.2f %9.3f %8.3f %8.2fx %8.2fx %8.3f %8.2fx %8.2fx %7s\n", name.c_str(), t.gradients_per_step,
                t.ms_per_step, t.ms_per_gradient, t.ms_per_step / ula.ms_per_step,
                t.ms_per_gradient / ula.ms_per_gradient, t.cpu_ms_per_step, t.cpu_ms_per_step / ula.cpu_ms_per_step,
                t.cpu_ms_per_gradient / ula.cpu_ms_per_gradient, accept);
  }
  std::printf("A step: one ULA move, one MALA proposal, one HMC trajectory of L leapfrog steps, at the scene's\n"
              "noise sigma and gradient. grads: grad log pi evaluations per step (MALA and HMC also evaluate\n"
              "log pi, and once at the start). ms: wall clock; cpu ms: the process's CPU time per step (on a\n"
              "loaded machine the steadier of the two). Ratios are to ULA in this run.\n");
}

}  // namespace

void add_bench_samplers(CLI::App* bench) {
  auto o = std::make_shared<BenchSamplersOptions>();
  auto* cmd = bench->add_subcommand(
      "samplers", "ms per step of ULA, MALA and HMC on a checkpoint, as ratios to ULA");
  add_checkpoint_option(cmd, o->checkpoint);
  cmd->add_option("--chains", o->bench.chains, "Chains (default: the scene's batch)")
      ->check(integer_at_least(1));
  cmd->add_option("--steps", o->bench.steps, "Steps per timed run")
      ->capture_default_str()
      ->check(integer_at_least(1));
  cmd->add_option("--rounds", o->bench.rounds, "Interleaved rounds (each kernel once per round)")
      ->capture_default_str()
      ->check(integer_at_least(1));
  cmd->add_option("--leapfrog", o->bench.leapfrog,
                  "hmc: leapfrog steps (default: the scene's; --tv: 5)")
      ->check(integer_at_least(1));
  cmd->add_flag(
      "--tv", o->tv,
      "Instead: TV to the learned f's grid density vs gradient evaluations (2D checkpoints)");
  cmd->add_option("--queries", o->tv_options.queries, "--tv: query points x")
      ->capture_default_str()
      ->check(integer_at_least(1));
  cmd->add_option("--chains-per-query", o->tv_options.chains, "--tv: chains per query point")
      ->capture_default_str()
      ->check(integer_at_least(2));
  cmd->add_option(
         "--max-gradients", o->max_gradients,
         "--tv: the largest budget of gradient evaluations (budgets 25, 50, 100, ... up to it)")
      ->capture_default_str()
      ->check(integer_at_least(25));
  add_bench_output_options(cmd, o->device, o->json);
  cmd->callback([o] { run_bench_samplers(*o); });
}

}  // namespace egeot::cli
