#include "core/model/egeot_model.h"

#include "base/error.h"
#include "core/data/distribution_factory.h"
#include "core/nets/metropolis_chains.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace egeot {

EgeotModel::EgeotModel(const Scene& scene, torch::Device device, std::shared_ptr<const Cost> cost,
                       Potential potential)
    : scene_(scene),
      device_(device),
      source_(make_distribution(scene.source, "scene " + scene.name, "source")),
      target_(make_distribution(scene.target, "scene " + scene.name, "target")),
      cost_(std::move(cost)),
      potential_(std::move(potential)),
      sampler_(scene.sampler, scene.eps, cost_,
               scene.potential.eps_range.active() ? scene.potential.eps_range.knee : 0.0) {
  if (!cost_) throw std::logic_error("EgeotModel: no cost");
}

double EgeotModel::f_scale() const { return f_scale(scene_.eps); }

double EgeotModel::f_scale(double eps) const {
  const auto& s = scene_.sampler;
  // Single eps: g = sigma^2/(s eps) f. Conditioned: the same with sigma(eps)^2 =
  // sigma^2 eps/(eps + knee), i.e. f = s (eps + knee)/sigma^2 g (eps_conditioning.h).
  const double eps_term = eps_conditioned() ? eps + scene_.potential.eps_range.knee : eps;
  return s.score_coef * eps_term / (s.noise * s.noise);
}

std::pair<double, double> EgeotModel::eps_range() const {
  if (!eps_conditioned()) return {scene_.eps, scene_.eps};
  return {scene_.potential.eps_range.min, scene_.potential.eps_range.max};
}

void EgeotModel::check_eps(double eps, const std::string& what) const {
  std::ostringstream msg;
  msg << what << " " << eps << ": ";
  if (!(std::isfinite(eps) && eps > 0)) {
    msg << "expected a finite number > 0";
  } else if (eps_conditioned()) {
    if (scene_.potential.eps_range.contains(eps)) return;
    msg << "outside the trained range " << scene_.potential.eps_range.text();
  } else {
    if (std::abs(eps - scene_.eps) <= 1e-9 * scene_.eps) return;
    msg << "the model was trained at eps " << scene_.eps
        << " only (train with an eps range, e.g. --eps-range, for a dial)";
  }
  throw InputError(msg.str());
}

void EgeotModel::set_eps(double eps, const std::string& what) {
  check_eps(eps, what);
  if (!eps_conditioned()) return;
  scene_.eps = eps;
  sampler_ = LangevinSampler(scene_.sampler, eps, cost_, sampler_.eps_knee());
}

void EgeotModel::set_sampler_kernel(const LangevinSettings& kernel) {
  auto& s = scene_.sampler;
  s.kind = kernel.kind;
  s.leapfrog = kernel.leapfrog;
  s.step = kernel.step;
  s.target_accept = kernel.target_accept;
  s.adapt_steps = kernel.adapt_steps;
  sampler_ = LangevinSampler(s, scene_.eps, cost_, sampler_.eps_knee());
}

double EgeotModel::clamp_eps(double eps) const {
  const auto [lo, hi] = eps_range();
  return std::min(std::max(eps, lo), hi);
}

torch::Tensor EgeotModel::f(const torch::Tensor& y) { return f(y, scene_.eps); }

torch::Tensor EgeotModel::f(const torch::Tensor& y, double eps) {
  check_eps(eps);
  torch::NoGradGuard no_grad;
  auto yd = y.to(device_);
  auto& model = potential_;
  auto g = eps_conditioned() ? model->forward(yd, torch::full({yd.size(0)}, eps, yd.options()))
                             : model->forward(yd);
  return (g * f_scale(eps)).to(torch::kCPU);
}

torch::Tensor EgeotModel::init_chains(const torch::Tensor& x) const {
  if (scene_.init.kind == "source") {
    return x + std::sqrt(scene_.eps) * torch::randn_like(x);
  }
  return scene_.init.std * torch::randn({x.size(0), scene_.potential.dim}, x.options());
}

torch::Tensor EgeotModel::init_chains(const torch::Tensor& x, const torch::Tensor& eps) const {
  if (scene_.init.kind == "source") {
    return x + torch::sqrt(eps).unsqueeze(1).to(x.scalar_type()) * torch::randn_like(x);
  }
  return scene_.init.std * torch::randn({x.size(0), scene_.potential.dim}, x.options());
}

torch::Tensor EgeotModel::run_sampler(const torch::Tensor& x, torch::Tensor y, const torch::Tensor& eps,
                                      int64_t steps, LangevinTrace* trace, int64_t record,
                                      const EpsAnneal& anneal) {
  const bool corrected = sampler_.settings().kind != "ula";
  LangevinTrace own;
  if (corrected && !trace) trace = &own;
  auto out = eps.defined() ? sampler_.run(potential_, x, std::move(y), eps, steps, trace, record, anneal)
                           : sampler_.run(potential_, x, std::move(y), steps, trace, record);
  if (corrected) {
    const int64_t warm = adaptation_steps(sampler_.settings(), static_cast<int64_t>(trace->acceptance.size()));
    const int64_t total = static_cast<int64_t>(trace->acceptance.size());
    const int64_t from = warm < total ? warm : 0;
    for (int64_t k = from; k < total; ++k) kernel_acceptance_sum_ += trace->acceptance[static_cast<size_t>(k)];
    kernel_acceptance_steps_ += total - from;
    ++kernel_report_.runs;
    if (trace->collapsed && kernel_report_.collapsed_runs++ == 0) kernel_report_.reason = trace->collapse_reason;
  }
  return out;
}

EgeotModel::KernelReport EgeotModel::take_kernel_report() {
  auto r = kernel_report_;
  r.acceptance = kernel_acceptance_steps_ > 0 ? kernel_acceptance_sum_ / static_cast<double>(kernel_acceptance_steps_) : 0;
  kernel_report_ = {};
  kernel_acceptance_sum_ = 0;
  kernel_acceptance_steps_ = 0;
  return r;
}

torch::Tensor EgeotModel::sample_conditional(const torch::Tensor& x, int64_t steps,
                                               LangevinTrace* trace, int64_t record) {
  auto xd = x.to(device_);
  return run_sampler(xd, init_chains(xd), {}, steps, trace, record, {});
}

torch::Tensor EgeotModel::sample_conditional(const torch::Tensor& x, int64_t steps, double eps,
                                               LangevinTrace* trace, int64_t record, const EpsAnneal& anneal) {
  check_eps(eps);
  if (!eps_conditioned()) return sample_conditional(x, steps, trace, record);
  auto xd = x.to(device_);
  auto e = torch::full({xd.size(0)}, eps, xd.options());
  return run_sampler(xd, init_chains(xd, e), e, steps, trace, record, anneal);
}

torch::Tensor EgeotModel::sample_conditional_from(const torch::Tensor& x, const torch::Tensor& y0,
                                                    int64_t steps, double eps, const EpsAnneal& anneal) {
  check_eps(eps);
  auto xd = x.to(device_);
  auto yd = y0.to(device_);
  if (!eps_conditioned()) return run_sampler(xd, yd, {}, steps, nullptr, 0, {});
  auto e = torch::full({xd.size(0)}, eps, xd.options());
  return run_sampler(xd, yd, e, steps, nullptr, 0, anneal);
}

EpsAnneal EgeotModel::fresh_anneal(int64_t steps, double share) const {
  EpsAnneal a;
  if (!eps_conditioned() || !(share > 0)) return a;
  a.from = scene_.potential.eps_range.max;
  a.steps = std::max<int64_t>(1, static_cast<int64_t>(std::lround(share * static_cast<double>(steps))));
  return a;
}

}  // namespace egeot
