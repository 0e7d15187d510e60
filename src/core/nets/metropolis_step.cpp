#include "core/nets/metropolis_step.h"

#include <torch/torch.h>

#include <limits>

namespace egeot {

MoveResult metropolis_accept(ChainPoint& at, ChainPoint proposal, torch::Tensor log_alpha) {
  // A proposal whose density is not finite (overflow far out) is rejected, never taken.
  log_alpha = torch::nan_to_num(log_alpha, /*nan=*/-std::numeric_limits<double>::infinity());
  auto u = torch::rand_like(log_alpha);
  MoveResult r;
  r.accepted = u.log() < log_alpha;
  r.accept_prob = log_alpha.clamp_max(0).exp();
  auto col = r.accepted.unsqueeze(1);
  at.y = torch::where(col, proposal.y, at.y);
  at.value.log_p = torch::where(r.accepted, proposal.value.log_p, at.value.log_p);
  at.value.grad = torch::where(col, proposal.value.grad, at.value.grad);
  at.value.score_grad = torch::where(col, proposal.value.score_grad, at.value.score_grad);
  return r;
}

MoveResult mala_move(ConditionalLogDensity& log_pi, ChainPoint& at, const torch::Tensor& step,
                     ProposalTerms* terms) {
  const auto h = step * step;
  auto xi = torch::randn_like(at.y);
  auto forward_mean = at.y + 0.5 * h * at.value.grad;
  ChainPoint proposal;
  proposal.y = forward_mean + step * xi;
  proposal.value = log_pi(proposal.y);
  auto backward_mean = proposal.y + 0.5 * h * proposal.value.grad;
  // log q(y'|y) - log q(y|y'), with q(b|a) = N(b; a + h/2 grad log pi(a), h I).
  auto log_q_forward = -0.5 * xi.pow(2).sum(-1);
  auto log_q_backward = -(at.y - backward_mean).pow(2).sum(-1) / (2 * h.squeeze(1));
  auto log_alpha = proposal.value.log_p - at.value.log_p + log_q_backward - log_q_forward;
  if (terms) {
    terms->score_drift = 0.5 * h * at.value.score_grad;
    terms->cost_drift = 0.5 * h * at.value.cost_grad();
    terms->noise = step * xi;
  }
  return metropolis_accept(at, std::move(proposal), log_alpha);
}

MoveResult hmc_move(ConditionalLogDensity& log_pi, ChainPoint& at, const torch::Tensor& step,
                    int64_t leapfrog, ProposalTerms* terms) {
  auto p = torch::randn_like(at.y);
  const auto start_energy = -at.value.log_p + 0.5 * p.pow(2).sum(-1);
  if (terms) {
    terms->score_drift = 0.5 * step * step * at.value.score_grad;
    terms->cost_drift = 0.5 * step * step * at.value.cost_grad();
    terms->noise = step * p;
  }
  ChainPoint q;
  q.y = at.y;
  p = p + 0.5 * step * at.value.grad;
  for (int64_t l = 0; l < leapfrog; ++l) {
    q.y = q.y + step * p;
    q.value = log_pi(q.y);
    p = p + (l + 1 < leapfrog ? 1.0 : 0.5) * step * q.value.grad;
  }
  const auto end_energy = -q.value.log_p + 0.5 * p.pow(2).sum(-1);
  return metropolis_accept(at, std::move(q), start_energy - end_energy);
}

}  // namespace egeot
