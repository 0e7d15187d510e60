#include "core/ot/sinkhorn.h"

#include "base/error.h"
#include "core/ot/cost_matrix.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

namespace egeot {

SinkhornPlan::SinkhornPlan(std::shared_ptr<const Cost> cost, torch::Tensor x, torch::Tensor y,
                           torch::Tensor f, torch::Tensor g, double eps, SinkhornReport report)
    : cost_(std::move(cost)),
      x_(std::move(x)),
      y_(std::move(y)),
      f_(std::move(f)),
      g_(std::move(g)),
      eps_(eps),
      report_(report) {}

torch::Tensor SinkhornPlan::extension_weights(const torch::Tensor& x) const {
  if (x.dim() != 2 || x.size(1) != x_.size(1)) {
    throw InputError("Sinkhorn query: expected points of shape [q, " + std::to_string(x_.size(1)) + "]");
  }
  auto c = cost_matrix(*cost_, x, y_);
  // Uniform b cancels in the normalisation; softmax subtracts the max, so nothing underflows
  // to an all-zero row however small eps is.
  return torch::softmax((g_.unsqueeze(0) - c) / eps_, 1);
}

torch::Tensor SinkhornPlan::conditional_weights(int64_t i) const {
  if (i < 0 || i >= x_.size(0)) throw InputError("Sinkhorn: source index out of range");
  return extension_weights(x_.slice(0, i, i + 1)).squeeze(0);
}

torch::Tensor SinkhornPlan::sample(const torch::Tensor& x, int64_t n, double jitter) const {
  if (n < 1) throw InputError("Sinkhorn sample: expected n >= 1");
  if (!(jitter >= 0 && std::isfinite(jitter))) throw InputError("Sinkhorn sample: expected jitter >= 0");
  auto w = extension_weights(x);
  auto idx = torch::multinomial(w, n, /*replacement=*/true).reshape(-1);
  auto out = y_.index_select(0, idx).to(torch::kFloat);
  if (jitter > 0) out = out + jitter * torch::randn_like(out);
  return out;
}

namespace {

// Rows of at most this many entries at a time for the N x M log-sum-exps: whole-matrix
// temporaries (128 MB each at 4000 samples) are fresh mappings the kernel pages in every time.
constexpr int64_t kBlockEntries = int64_t{1} << 20;

// logsumexp_j ((g_j - c_ij) / eps) for every row i of c, a block of rows at a time.
torch::Tensor row_logsumexp(const torch::Tensor& c, const torch::Tensor& g, double eps) {
  const int64_t n = c.size(0), rows = std::max<int64_t>(1, kBlockEntries / std::max<int64_t>(1, c.size(1)));
  auto out = torch::empty({n}, c.options());
  for (int64_t i = 0; i < n; i += rows) {
    const int64_t r = std::min(rows, n - i);
    out.slice(0, i, i + r).copy_(torch::logsumexp((g.unsqueeze(0) - c.slice(0, i, i + r)) / eps, 1));
  }
  return out;
}

// Potentials in the log domain, iterations by matrix-vector products (Schmitzer's
// stabilised scaling): with f = f0 + eps log u, g = g0 + eps log v and the kernel
// K_ij = exp((f0_i + g0_j - c_ij) / eps), the updates u = 1 / (K (b v)), v = 1 / (K^T (a u))
// are two BLAS products per iteration instead of two log-sum-exps over the whole matrix (~10x
// faster). Whenever u or v leave [e^-tau, e^tau] they are absorbed into f0, g0 and K is
// rebuilt, so no number over- or underflows at any eps; should a row of K v still vanish,
// that half-step is done exactly in the log domain instead.
class StabilizedSinkhorn {
 public:
  StabilizedSinkhorn(const torch::Tensor& c, double eps)
      : c_(c),
        n_(c.size(0)),
        m_(c.size(1)),
        f0_(torch::zeros({n_}, torch::kFloat64)),
        g0_(torch::zeros({m_}, torch::kFloat64)),
        eps_(eps) {
    reset_kernel();
  }

  void set_eps(double eps) {
    absorb();
    eps_ = eps;
    reset_kernel();
  }

  // One f- then g-update; returns the L1 row-marginal error of the plan before it.
  double iterate() {
    auto kv = torch::mv(kernel_, v_) / static_cast<double>(m_);  // (K (b v))_i
    double error;
    if (usable(kv)) {
      error = (u_ * kv - 1).abs().mean().item<double>();  // row_i / a_i = u_i (K b v)_i
      u_ = 1.0 / kv;
    } else {
      absorb();
      auto f_new = -eps_ * (row_logsumexp(c_, g0_, eps_) - std::log(double(m_)));
      error = (torch::exp((f0_ - f_new) / eps_) - 1).abs().mean().item<double>();
      f0_ = f_new;
      reset_kernel();
    }
    auto ku = torch::mv(kernel_.t(), u_) / static_cast<double>(n_);  // (K^T (a u))_j
    if (usable(ku)) {
      v_ = 1.0 / ku;
    } else {
      absorb();
      g0_ = -eps_ * (row_logsumexp(c_.t(), f0_, eps_) - std::log(double(n_)));
      reset_kernel();
    }
    if (std::max(u_.log().abs().max().item<double>(), v_.log().abs().max().item<double>()) > kTau) {
      absorb();
      reset_kernel();
    }
    return error;
  }

  // The potentials, u and v absorbed.
  torch::Tensor f() const { return f0_ + eps_ * u_.log(); }
  torch::Tensor g() const { return g0_ + eps_ * v_.log(); }

 private:
  static constexpr double kTau = 30;  // |log u|, |log v| bound before absorbing

  static bool usable(const torch::Tensor& t) {
    return (t > 0).all().item<bool>() && torch::isfinite(t).all().item<bool>() &&
           torch::isfinite(1.0 / t).all().item<bool>();
  }
  void absorb() {
    f0_ = f();
    g0_ = g();
  }
  // In place, in one N x M buffer: each temporary of this size (128 MB at 4000 samples) would
  // be a fresh mapping for the kernel to page in, at every stage and absorption.
  void reset_kernel() {
    if (!kernel_.defined()) kernel_ = torch::empty_like(c_);
    at::add_out(kernel_, f0_.unsqueeze(1), g0_.unsqueeze(0));
    kernel_.sub_(c_).div_(eps_).exp_();
    u_ = torch::ones({n_}, torch::kFloat64);
    v_ = torch::ones({m_}, torch::kFloat64);
  }

  const torch::Tensor& c_;
  int64_t n_, m_;
  torch::Tensor f0_, g0_, u_, v_, kernel_;
  double eps_;
};

}  // namespace

SinkhornPlan solve_sinkhorn(std::shared_ptr<const Cost> cost, const torch::Tensor& x,
                            const torch::Tensor& y, const SinkhornOptions& o) {
  if (!(std::isfinite(o.eps) && o.eps > 0)) throw InputError("Sinkhorn eps: expected a finite number > 0");
  if (!(o.tol > 0) || o.max_iters < 1 || !(o.scaling > 0 && o.scaling <= 1)) {
    throw InputError("Sinkhorn options: expected tol > 0, max_iters >= 1, 0 < scaling <= 1");
  }
  if (x.dim() != 2 || y.dim() != 2 || x.size(0) < 1 || y.size(0) < 1) {
    throw InputError("Sinkhorn: expected samples x [N, D] and y [M, D]");
  }
  torch::NoGradGuard no_grad;
  const auto t0 = std::chrono::steady_clock::now();
  auto xd = x.to(torch::kCPU, torch::kFloat64), yd = y.to(torch::kCPU, torch::kFloat64);
  const auto c = cost_matrix(*cost, xd, yd, o.chunk_elems);
  // max and min carry any NaN and either infinity (and, unlike isfinite, need no N x M
  // temporary).
  const double c_max = c.max().item<double>(), c_min = c.min().item<double>();
  if (!std::isfinite(c_max) || !std::isfinite(c_min)) {
    throw InputError("Sinkhorn: the cost " + cost->name() + " has non-finite values on these samples");
  }
  const int64_t m = c.size(1);

  // Stages eps_0 > eps_1 > ... > eps, from the cost's spread (where one iteration nearly
  // solves the problem) down by `scaling`.
  const double spread = c_max - c_min;
  double eps_k = o.scaling < 1 ? std::max(o.eps, spread) : o.eps;
  StabilizedSinkhorn solver(c, eps_k);
  SinkhornReport report;
  bool reached_eps = false;
  while (true) {
    const bool last = eps_k <= o.eps;
    // Intermediate stages need only a rough warm start.
    const double stage_tol = last ? o.tol : 10 * o.tol;
    ++report.stages;
    for (;;) {
      report.marginal_error = solver.iterate();
      ++report.iterations;
      if (report.marginal_error < stage_tol || report.iterations >= o.max_iters) break;
    }
    if (last || report.iterations >= o.max_iters) {
      reached_eps = last;
      break;
    }
    eps_k = std::max(o.eps, eps_k * o.scaling);
    solver.set_eps(eps_k);
  }
  // The error above was for the plan before the last update; measure the final plan exactly
  // (at the stage reached: a run stopped early reports the plan it has).
  auto f = solver.f(), g = solver.g();
  auto rows = torch::exp(row_logsumexp(c, g, eps_k) - std::log(double(m)) + f / eps_k);
  report.marginal_error = (rows - 1).abs().mean().item<double>();  // sum_i |row_i - a_i|
  report.converged = reached_eps && report.marginal_error < o.tol;   // false for NaN too
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (o.throw_if_not_converged && !report.converged) {
    std::ostringstream msg;
    msg << "Sinkhorn did not converge at eps " << o.eps << ": marginal error " << report.marginal_error
        << " after " << report.iterations << " iterations";
    if (!reached_eps) msg << " (stopped at the eps-scaling stage " << eps_k << ")";
    msg << ", expected < " << o.tol << "; raise the iteration limit or eps";
    throw InputError(msg.str());
  }
  if (!torch::isfinite(f).all().item<bool>() || !torch::isfinite(g).all().item<bool>()) {
    throw InputError("Sinkhorn: the potentials are not finite (eps " + std::to_string(o.eps) + ")");
  }
  return SinkhornPlan(std::move(cost), xd, yd, f, g, eps_k, report);
}

}  // namespace egeot
