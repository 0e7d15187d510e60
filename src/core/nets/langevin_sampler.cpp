#include "core/nets/langevin_sampler.h"

#include "core/nets/conditional_log_density.h"
#include "core/nets/fused_film_gradient.h"
#include "core/nets/fused_gradient.h"
#include "core/nets/metropolis_chains.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace egeot {

bool known_gradient(const std::string& name) { return name == "fused" || name == "autograd"; }

std::string gradient_names() { return "\"fused\" or \"autograd\""; }

bool known_sampler_kind(const std::string& name) { return name == "ula" || name == "mala" || name == "hmc"; }

std::string sampler_kind_names() { return "\"ula\", \"mala\" or \"hmc\""; }

LangevinSampler::LangevinSampler(LangevinSettings settings, double eps,
                                 std::shared_ptr<const Cost> cost, double eps_knee)
    : settings_(settings), eps_(eps), knee_(eps_knee), cost_(std::move(cost)) {
  TORCH_CHECK(known_gradient(settings_.gradient), "Langevin gradient '", settings_.gradient, "': expected ",
              gradient_names());
  TORCH_CHECK(known_sampler_kind(settings_.kind), "sampler kind '", settings_.kind, "': expected ",
              sampler_kind_names());
  TORCH_CHECK(settings_.leapfrog >= 1 && settings_.step >= 0 && settings_.adapt_steps >= 0 &&
                  settings_.target_accept >= 0 && settings_.target_accept < 1,
              "sampler: expected leapfrog >= 1, step >= 0, adapt_steps >= 0 and target_accept in [0, 1)");
}

torch::Tensor LangevinSampler::run(Potential& g, const torch::Tensor& x, torch::Tensor y,
                                   int64_t steps, LangevinTrace* trace, int64_t record) const {
  torch::Tensor eps;
  if (g->conditioned()) eps = torch::full({y.size(0)}, eps_, y.options());
  return run_chains(g, x, std::move(y), eps, steps, trace, record, {});
}

torch::Tensor LangevinSampler::run(Potential& g, const torch::Tensor& x, torch::Tensor y,
                                   const torch::Tensor& eps, int64_t steps, LangevinTrace* trace,
                                   int64_t record, const EpsAnneal& anneal) const {
  TORCH_CHECK(g->conditioned() && knee_ > 0, "per-chain eps needs an eps-conditioned potential and sampler");
  TORCH_CHECK(eps.dim() == 1 && eps.size(0) == y.size(0), "per-chain eps: expected [n]");
  return run_chains(g, x, std::move(y), eps, steps, trace, record, anneal);
}

torch::Tensor LangevinSampler::run_chains(Potential& g, const torch::Tensor& x, torch::Tensor y,
                                          const torch::Tensor& eps, int64_t steps, LangevinTrace* trace,
                                          int64_t record, const EpsAnneal& anneal) const {
  const auto& s = settings_;
  if (s.kind != "ula") {
    const int64_t tempered_steps = eps.defined() && anneal.active()
                                       ? std::clamp<int64_t>(anneal.steps - anneal.offset, 0, steps)
                                       : 0;
    if (tempered_steps == 0) return run_corrected(g, x, std::move(y), eps, steps, trace, record);
    // Tempering runs ULA, then the corrected kernel at the final eps; the trace joins both.
    LangevinSettings ula_settings = s;
    ula_settings.kind = "ula";
    LangevinSampler ula(ula_settings, eps_, cost_, knee_);
    LangevinTrace ula_trace;
    y = ula.run_chains(g, x, std::move(y), eps, tempered_steps, trace ? &ula_trace : nullptr, record, anneal);
    y = run_corrected(g, x, std::move(y), eps, steps - tempered_steps, trace, record);
    if (trace) {
      auto join = [](std::vector<double> first, const std::vector<double>& then) {
        first.insert(first.end(), then.begin(), then.end());
        return first;
      };
      trace->score_drift = join(ula_trace.score_drift, trace->score_drift);
      trace->cost_drift = join(ula_trace.cost_drift, trace->cost_drift);
      trace->noise = join(ula_trace.noise, trace->noise);
      if (trace->paths.defined() && ula_trace.paths.defined()) {
        trace->paths = torch::cat({ula_trace.paths, trace->paths.slice(0, 1)});
      }
      trace->gradient_evaluations += ula_trace.gradient_evaluations;
    }
    return y;
  }
  // Per chain (conditioned): eps and the starting noise sigma(eps) as [n, 1] columns.
  const bool per_chain = eps.defined();
  torch::Tensor final_eps_col, eps_col, sigma0_col;
  if (per_chain) {
    final_eps_col = eps_col = eps.to(y.device(), y.scalar_type()).reshape({-1, 1});
    sigma0_col = conditioned_noise(s.noise, eps_col, knee_);
  }
  const bool tempered = per_chain && anneal.active();
  const double sigma2 = s.noise * s.noise;
  std::vector<torch::Tensor> score_norms, cost_norms, noise_norms, path;
  record = std::min<int64_t>(record, y.size(0));
  if (trace && record > 0) path.push_back(y.slice(0, 0, record).detach().to(torch::kCPU));

  // Parameters need no gradient while sampling: autograd then keeps no weight-side graph.
  std::vector<bool> had_grad;
  for (auto& p : g->parameters()) {
    had_grad.push_back(p.requires_grad());
    p.requires_grad_(false);
  }
  std::optional<FusedGradient> fused;
  std::optional<FusedFilmGradient> fused_film;
  if (s.gradient == "fused") {
    if (!g->conditioned()) {
      fused.emplace(g);
    } else if (per_chain) {
      fused_film.emplace(g);
      fused_film->set_eps(eps_col.squeeze(1));
    }
  }
  // Only the autograd gradient needs a graph; the fused one skips autograd's dispatch too.
  torch::AutoGradMode enable(!fused && !fused_film);
  y = y.detach();
  double sigma_k = s.noise;
  double decay_k = 1.0;  // decay^k
  for (int64_t k = 0; k < steps; ++k) {
    const double h = sigma_k * sigma_k;
    if (tempered && anneal.offset + k <= anneal.steps) {
      eps_col = annealed_eps(final_eps_col, anneal, k);
      sigma0_col = conditioned_noise(s.noise, eps_col, knee_);
      if (fused_film) fused_film->set_eps(eps_col.squeeze(1));
    }
    torch::Tensor grad_g;
    if (fused) {
      grad_g = fused->gradient(y);  // a buffer the next step overwrites: only read below
    } else if (fused_film) {
      grad_g = fused_film->gradient(y);
    } else {
      auto yg = y.requires_grad_(true);
      auto energy = per_chain ? g->forward(yg, eps_col.squeeze(1)) : g->forward(yg);
      grad_g = torch::autograd::grad({energy.sum()}, {yg})[0];
      y = y.detach();
    }
    if (s.grad_clip > 0) {
      auto norm = grad_g.norm(2, -1, /*keepdim=*/true).clamp_min(1e-12);
      grad_g = grad_g * (s.grad_clip / norm).clamp_max(1.0);
    }
    const double score_a = 0.5 * s.score_coef * h / sigma2, cost_b = h / (2 * eps_);
    if (!per_chain && !trace) {
      // The same update in three fused passes over y (the drifts are needed apart only for the
      // trace), drawing the noise as the traced path does.
      auto xi = torch::randn_like(y);
      y = y.add(grad_g, score_a).sub_(cost_->grad_y(x, y), cost_b).add_(xi, sigma_k);
    } else {
      torch::Tensor score_drift, cost_drift, noise;
      if (per_chain) {
        // The same update with each chain's own sigma_k = sigma(eps) decay^k and eps.
        auto sigma_col = sigma0_col * decay_k;
        score_drift = (0.5 * s.score_coef * decay_k * decay_k) * grad_g;
        cost_drift = (sigma_col * sigma_col / (2 * eps_col)) * cost_->grad_y(x, y);
        noise = sigma_col * torch::randn_like(y);
      } else {
        score_drift = score_a * grad_g;
        cost_drift = cost_b * cost_->grad_y(x, y);
        noise = sigma_k * torch::randn_like(y);
      }
      y = y + score_drift - cost_drift + noise;
      if (trace) {
        score_norms.push_back(score_drift.norm(2, -1).mean());
        cost_norms.push_back(cost_drift.norm(2, -1).mean());
        noise_norms.push_back(noise.norm(2, -1).mean());
        if (record > 0) path.push_back(y.slice(0, 0, record).to(torch::kCPU));
      }
    }
    sigma_k *= s.decay;
    decay_k *= s.decay;
  }
  size_t i = 0;
  for (auto& p : g->parameters()) p.requires_grad_(had_grad[i++]);

  if (trace) {
    auto to_vector = [](const std::vector<torch::Tensor>& v) {
      if (v.empty()) return std::vector<double>{};
      auto t = torch::stack(v).to(torch::kCPU, torch::kFloat64).contiguous();
      return std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
    };
    trace->score_drift = to_vector(score_norms);
    trace->cost_drift = to_vector(cost_norms);
    trace->noise = to_vector(noise_norms);
    trace->paths = record > 0 ? torch::stack(path) : torch::Tensor();
    trace->gradient_evaluations = steps;
  }
  return y.detach();
}

namespace {

// Sampling needs no gradient in the parameters: autograd then keeps no weight-side graph.
class FrozenParameters {
 public:
  explicit FrozenParameters(Potential& g) : g_(g) {
    for (auto& p : g_->parameters()) {
      had_grad_.push_back(p.requires_grad());
      p.requires_grad_(false);
    }
  }
  ~FrozenParameters() {
    size_t i = 0;
    for (auto& p : g_->parameters()) p.requires_grad_(had_grad_[i++]);
  }
  FrozenParameters(const FrozenParameters&) = delete;
  FrozenParameters& operator=(const FrozenParameters&) = delete;

 private:
  Potential& g_;
  std::vector<bool> had_grad_;
};

}  // namespace

torch::Tensor LangevinSampler::run_corrected(Potential& g, const torch::Tensor& x, torch::Tensor y,
                                             const torch::Tensor& eps, int64_t steps, LangevinTrace* trace,
                                             int64_t record) const {
  const auto& s = settings_;
  // Each chain's eps, its noise sigma (sigma(eps) when conditioned) and its log pi's
  // coefficients s/sigma^2 and 1/eps, as [n, 1] columns.
  const auto column = y.options();
  const bool per_chain = eps.defined();
  auto eps_col = per_chain ? eps.to(y.device(), y.scalar_type()).reshape({-1, 1})
                           : torch::full({y.size(0), 1}, eps_, column);
  auto sigma_col = per_chain ? conditioned_noise(s.noise, eps_col, knee_) : torch::full({y.size(0), 1}, s.noise, column);
  auto score_col = s.score_coef / (sigma_col * sigma_col);
  auto inv_eps_col = 1.0 / eps_col;
  // sampler.step is given at the scene's noise sigma; conditioned chains scale it with sigma(eps).
  auto base_step = s.step > 0 ? sigma_col * (s.step / s.noise) : sigma_col;
  FrozenParameters frozen(g);
  ConditionalLogDensity log_pi(g, *cost_, x, per_chain ? eps_col.squeeze(1) : torch::Tensor(), score_col,
                               inv_eps_col, s.grad_clip, s.gradient == "fused");
  return run_metropolis_chains(s, log_pi, std::move(y), base_step, steps, trace, record);
}

}  // namespace egeot
