#include "core/nets/eps_conditioning.h"

#include "base/error.h"

#include <torch/torch.h>

#include <cmath>
#include <sstream>

namespace egeot {

bool EpsRange::contains(double eps) const {
  // A relative tolerance, so the printed ends of the range ("10") are inside it.
  return eps >= min * (1 - 1e-9) && eps <= max * (1 + 1e-9);
}

std::string EpsRange::text() const {
  std::ostringstream s;
  s << "[" << min << ", " << max << "]";
  return s.str();
}

void check_eps_range(double min, double max, const std::string& what) {
  if (!(std::isfinite(min) && std::isfinite(max) && min > 0 && min < max)) {
    std::ostringstream s;
    s << what << ": expected an eps range min < max with min > 0, got [" << min << ", " << max
      << "]";
    throw InputError(s.str());
  }
}

double conditioned_noise(double sigma_inf, double eps, double knee) {
  return sigma_inf * std::sqrt(eps / (eps + knee));
}

torch::Tensor conditioned_noise(double sigma_inf, const torch::Tensor& eps, double knee) {
  return sigma_inf * torch::sqrt(eps / (eps + knee));
}

torch::Tensor annealed_eps(const torch::Tensor& eps, const EpsAnneal& anneal, int64_t k) {
  if (!anneal.active()) return eps;
  const double t = static_cast<double>(anneal.offset + k) / anneal.steps;
  if (t >= 1.0) return eps;  // exactly, not exp(log eps)
  return torch::exp((1 - t) * std::log(anneal.from) + t * torch::log(eps));
}

torch::Tensor log_uniform_eps(int64_t n, const EpsRange& range, torch::Device device) {
  const double lo = std::log(range.min), hi = std::log(range.max);
  return torch::exp(lo + (hi - lo) * torch::rand({n})).to(device);
}

torch::Tensor eps_feature(const torch::Tensor& eps, const EpsRange& range) {
  const double lo = std::log(range.min), hi = std::log(range.max);
  return (2.0 * (torch::log(eps) - lo) / (hi - lo) - 1.0).unsqueeze(-1);
}

}  // namespace egeot
