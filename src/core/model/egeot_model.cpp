#include "core/model/egeot_model.h"

#include "base/error.h"
#include "core/data/distribution_factory.h"

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

torch::Tensor EgeotModel::sample_conditional(const torch::Tensor& x, int64_t steps,
                                               LangevinTrace* trace, int64_t record) {
  auto xd = x.to(device_);
  return sampler_.run(potential_, xd, init_chains(xd), steps, trace, record);
}

torch::Tensor EgeotModel::sample_conditional(const torch::Tensor& x, int64_t steps, double eps,
                                               LangevinTrace* trace, int64_t record, const EpsAnneal& anneal) {
  check_eps(eps);
  if (!eps_conditioned()) return sample_conditional(x, steps, trace, record);
  auto xd = x.to(device_);
  auto e = torch::full({xd.size(0)}, eps, xd.options());
  return sampler_.run(potential_, xd, init_chains(xd, e), e, steps, trace, record, anneal);
}

torch::Tensor EgeotModel::sample_conditional_from(const torch::Tensor& x, const torch::Tensor& y0,
                                                    int64_t steps, double eps, const EpsAnneal& anneal) {
  check_eps(eps);
  auto xd = x.to(device_);
  auto yd = y0.to(device_);
  if (!eps_conditioned()) return sampler_.run(potential_, xd, yd, steps);
  auto e = torch::full({xd.size(0)}, eps, xd.options());
  return sampler_.run(potential_, xd, yd, e, steps, nullptr, 0, anneal);
}

EpsAnneal EgeotModel::fresh_anneal(int64_t steps, double share) const {
  EpsAnneal a;
  if (!eps_conditioned() || !(share > 0)) return a;
  a.from = scene_.potential.eps_range.max;
  a.steps = std::max<int64_t>(1, static_cast<int64_t>(std::lround(share * static_cast<double>(steps))));
  return a;
}

}  // namespace egeot
