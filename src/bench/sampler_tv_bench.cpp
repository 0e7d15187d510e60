#include "bench/sampler_tv_bench.h"

#include "base/error.h"
#include "eval/grid_truth.h"

#include <torch/torch.h>

#include <cmath>
#include <numeric>

namespace egeot {
namespace {

// A kernel whose gradient evaluations per step are `per_step` (HMC: its leapfrog count).
struct TvKernel {
  std::string name;
  LangevinSettings settings;
  int64_t per_step = 1;
};

// The step a warm-up run settles on for `kernel` adapting towards `target`.
double adapted_step(EgeotModel& model, LangevinSettings kernel, double target, int64_t adapt_steps,
                    const torch::Tensor& x, const torch::Tensor& y0) {
  kernel.target_accept = target;
  kernel.adapt_steps = adapt_steps;
  model.set_sampler_kernel(kernel);
  LangevinTrace trace;
  model.sampler().run(model.potential(), x, y0, adapt_steps, &trace);
  return trace.step_size.back();
}

}  // namespace

SamplerTvResult run_sampler_tv_bench(EgeotModel& model, const SamplerTvOptions& o,
                                     const std::function<void(const std::string&)>& stage) {
  const auto& scene = model.scene();
  if (scene.potential.dim != 2 || scene.image_scene() || model.eps_conditioned()) {
    throw InputError(
        "--tv: expected a 2D single-eps checkpoint (the grid density needs D = 2), got scene " +
        scene.name);
  }
  const LangevinSettings original = scene.sampler;
  SamplerTvResult r;
  r.scene = scene.name;
  r.eps = scene.eps;
  r.budgets = o.budgets;

  torch::manual_seed(o.seed);
  const auto queries = model.source().sample(o.queries);
  const auto grid = grid_around(model.target().sample(4000));
  const auto f_grid = potential_on_grid(model, grid);
  std::vector<torch::Tensor> densities;
  for (int64_t q = 0; q < o.queries; ++q) {
    densities.push_back(
        conditional_from_grid_potential(f_grid, model.cost(), r.eps, queries[q], grid).density);
    r.floor += tv_sampling_floor(densities.back(), grid, o.chains) / static_cast<double>(o.queries);
  }
  // All queries' chains in one batch: rows q*chains .. (q+1)*chains - 1 belong to query q.
  const auto x = queries.repeat_interleave(o.chains, 0).to(model.device());
  const auto y0 = model.init_chains(x);

  auto kind = [&](const std::string& name) {
    auto k = original;
    k.kind = name;
    k.target_accept = 0;
    k.step = 0;
    k.leapfrog = o.leapfrog;
    k.decay = 1.0;
    return k;
  };
  if (stage) stage("adapting MALA's and HMC's steps");
  const double mala_step = adapted_step(model, kind("mala"), o.mala_accept, o.adapt_steps, x, y0);
  const double hmc_step = adapted_step(model, kind("hmc"), o.hmc_accept, o.adapt_steps, x, y0);
  std::vector<TvKernel> kernels = {
      {"ula", kind("ula"), 1},
      {"ula (MALA's step)", kind("ula"), 1},
      {"mala", kind("mala"), 1},
      {"hmc L=" + std::to_string(o.leapfrog), kind("hmc"), o.leapfrog}};
  // ULA's step is its noise sigma^2 and its score drift s/2 grad g assumes g's units
  // g = sigma^2/(s eps) f: at another noise sigma', s' = s sigma'^2/sigma^2 keeps the target.
  kernels[1].settings.noise = mala_step;
  kernels[1].settings.score_coef =
      original.score_coef * (mala_step * mala_step) / (original.noise * original.noise);
  kernels[2].settings.step = mala_step;
  kernels[3].settings.step = hmc_step;

  for (auto& k : kernels) {
    if (stage) stage(k.name);
    SamplerTvRow row;
    row.kernel = k.name;
    row.step = k.name == "ula" ? original.noise : k.settings.kind == "hmc" ? hmc_step : mala_step;
    LangevinSampler sampler(k.settings, r.eps, model.shared_cost());
    auto y = y0;
    int64_t done = 0;  // steps run
    double accepted = 0;
    int64_t accept_steps = 0;
    for (auto budget : o.budgets) {
      const int64_t target_steps = std::max<int64_t>(1, budget / k.per_step);
      if (target_steps > done) {
        LangevinTrace trace;
        y = sampler.run(model.potential(), x, y, target_steps - done, &trace);
        accepted += std::accumulate(trace.acceptance.begin(), trace.acceptance.end(), 0.0);
        accept_steps += static_cast<int64_t>(trace.acceptance.size());
        done = target_steps;
      }
      auto yc = y.to(torch::kCPU);
      double tv = 0;
      for (int64_t q = 0; q < o.queries; ++q) {
        tv += total_variation_on_grid(yc.slice(0, q * o.chains, (q + 1) * o.chains), densities[q],
                                      grid) /
              static_cast<double>(o.queries);
      }
      row.tv.push_back(tv);
    }
    if (accept_steps > 0) row.acceptance = accepted / static_cast<double>(accept_steps);
    r.rows.push_back(row);
  }
  model.set_sampler_kernel(original);
  return r;
}

}  // namespace egeot
