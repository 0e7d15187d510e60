#pragma once
// Discrete entropic OT between N source and M target samples (uniform weights a, b), the
// reference for any pair of distributions. Sinkhorn on the dual potentials,
// kept in the log domain in float64:
//   f_i = -eps log sum_j b_j exp((g_j - c_ij) / eps),  g_j = -eps log sum_i a_i exp((f_i - c_ij) / eps),
// so the plan is pi_ij = a_i b_j exp((f_i + g_j - c_ij) / eps). With the marginal of x fixed,
// this is the EgEOT objective (entropy of each conditional) on the samples: the same plan.
// The iterations run as matrix-vector products on a kernel whose potentials are absorbed
// before anything can over- or underflow (see sinkhorn.cpp), so every weight stays
// representable down to eps = 1e-3 and below. Small eps converges slowly from a cold start,
// so eps is lowered geometrically from the cost's spread, each stage warm-starting the next.
#include "core/ot/cost.h"

#include <torch/types.h>

#include <memory>

namespace egeot {

struct SinkhornOptions {
  double eps = 0.1;
  double tol = 1e-3;          // converged when sum_i |pi_i. - a_i| < tol (L1, in [0, 2])
  int64_t max_iters = 5000;   // in all stages together
  double scaling = 0.5;       // eps-scaling factor per stage; 1 turns scaling off
  int64_t chunk_elems = 1 << 20;  // coordinates per side per Cost::value call (cost_matrix.h)
  bool throw_if_not_converged = true;
};

struct SinkhornReport {
  double marginal_error = 0;  // sum_i |pi_i. - a_i| of the plan returned (columns are exact)
  int64_t iterations = 0;
  int64_t stages = 0;
  double seconds = 0;
  bool converged = false;
};

class SinkhornPlan {
 public:
  SinkhornPlan(std::shared_ptr<const Cost> cost, torch::Tensor x, torch::Tensor y, torch::Tensor f,
               torch::Tensor g, double eps, SinkhornReport report);

  // pi(.|x_i) as weights on the target samples, [M], summing to 1.
  torch::Tensor conditional_weights(int64_t i) const;
  // The entropic extension to any query points x [q, Dx]: w_j ∝ b_j exp((g_j - c(x, y_j)) / eps),
  // [q, M]; for a source sample it is exactly its conditional.
  torch::Tensor extension_weights(const torch::Tensor& x) const;
  // n draws of y from the extension at each query: [q * n, Dy] float32, query-major. A
  // Gaussian jitter of std `jitter` (default none) smooths the atoms for plotting.
  torch::Tensor sample(const torch::Tensor& x, int64_t n, double jitter = 0.0) const;

  const torch::Tensor& f() const { return f_; }  // [N] float64
  const torch::Tensor& g() const { return g_; }  // [M] float64
  const torch::Tensor& source() const { return x_; }
  const torch::Tensor& target() const { return y_; }
  double eps() const { return eps_; }  // options.eps, or the stage reached if stopped early
  const SinkhornReport& report() const { return report_; }

 private:
  std::shared_ptr<const Cost> cost_;
  torch::Tensor x_, y_, f_, g_;
  double eps_;
  SinkhornReport report_;
};

// Solves on samples x [N, Dx], y [M, Dy]. Throws InputError for eps <= 0, non-finite costs
// or (with throw_if_not_converged) when the marginal error is still above tol after
// max_iters, naming the error reached and what to change.
SinkhornPlan solve_sinkhorn(std::shared_ptr<const Cost> cost, const torch::Tensor& x,
                            const torch::Tensor& y, const SinkhornOptions& options);

}  // namespace egeot
