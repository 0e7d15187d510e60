#pragma once
// The Gaussian-to-Gaussian benchmark of the EgEOT paper (Table 1): train EgEOT on the pair of
// dimension D at eps and score the learned plan by BW2^2-UVP against the closed form.
// Per-eps scene settings live in assets/bench/gauss2gauss.json (a base scene, patched per
// eps, per dimension and per cell, plus training length, learning-rate decay and evaluation
// size).
#include "core/ot/gaussian_eot.h"
#include "core/scenes/scene.h"
#include "core/train/egeot_trainer.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace egeot {

struct BenchSettings {
  Scene scene;
  int64_t iters = 2000;
  double lr_final = 0;          // lr decays geometrically to this over iters (0: no decay)
  double ema = 0;               // Polyak average of the weights used for evaluation (0: off)
  int64_t ema_start = 0;        // the average starts from the weights at this iteration (0: the initial ones)
  // Instead of an EMA: the plain mean of this last fraction of the iterates (0: off; a
  // fraction, so that --iters keeps it meaningful). An EMA long enough to smooth a late
  // scatter keeps a share of the early, untrained iterates; this keeps none.
  double uniform_tail = 0;
  int64_t eval_samples = 50000; // (x, y) pairs for BW2^2-UVP
  int64_t eval_steps = 200;     // Langevin steps from fresh chains
  // The kernel drawing the evaluation's samples, at the scene's noise: "ula" (unadjusted,
  // as the chains train; biased at that step) or "mala" (Metropolis-corrected, its step
  // adapted towards acceptance 0.574 over the first half of eval_steps; unbiased once mixed).
  std::string eval_sampler = "ula";
  int64_t grid_nodes = 12;      // D = 2: Gauss-Hermite nodes per coordinate of x for the grid plan (0: skip it)
  int64_t score_every = 0;      // D = 2: iterations between grid-plan scores while training (0: none)
};

std::string bench_settings_path();  // assets/bench/gauss2gauss.json

// Settings for one cell; throws InputError naming the file and field when malformed.
// cell_patch false leaves out the cell's own patch (by_dim.D.by_eps), which may give one cell
// a larger budget to reach a published figure: comparisons at an equal budget need it out.
BenchSettings bench_settings(int64_t dim, double eps, const std::string& file = bench_settings_path(),
                             bool cell_patch = true);

// The paper's EgEOT BW2^2-UVP (%) of the plan (Table 1), if it reports (dim, eps).
std::optional<double> published_bw_uvp(int64_t dim, double eps);

struct BenchResult {
  int64_t dim = 0;
  double eps = 0;
  int64_t iters = 0;
  double bw_uvp_plan = 0, bw_uvp_marginal = 0;  // %
  double floor_plan = 0;                         // the estimator's bias floor at eval_samples
  // D = 2 only (else -1): the plan of the learned f itself, its conditionals normalised on a
  // grid and x integrated by quadrature (gaussian_grid_plan.h): no sampler, no floor.
  double bw_uvp_plan_grid = -1;
  double train_seconds = 0, eval_seconds = 0;
  std::string eval_sampler;     // the settings' kernel for the sampled scores
  double eval_acceptance = -1;  // mala: its mean acceptance after warm-up; -1 for ula
  // With score_every: the grid plan's score along training, of the weights the bench would
  // evaluate if it stopped there (the average, when there is one) and of the raw iterate.
  struct Along {
    int64_t iter = 0;
    double bw_uvp_plan_grid = 0, raw = 0;
  };
  std::vector<Along> along;
};

// The cell's scene with the bench's decay (lr to lr_final over iters) as its learning-rate
// schedule, which the trainer then follows step by step; the scene's own when lr_final is 0.
Scene bench_scene(const BenchSettings& settings);

// Trains and scores one cell on `device`. progress(iteration, total, loss) is called as it
// trains (loss in true units).
BenchResult run_bench_cell(const BenchSettings& settings, torch::Device device,
                           const std::function<void(int64_t, int64_t, double)>& progress = {});

// The two halves of a cell, for benches that train one model and score it at several eps
// (bench eps-sweep). train_bench_model runs settings.iters steps of a trainer built from
// bench_scene(settings) (its schedule is the lr decay) with the settings' weight average and
// returns the seconds taken (not counting scores along training: with `along` and the
// settings' score_every, D = 2, the grid plan every score_every iterations and at the end
// is appended to it); score_bench_model scores the
// trainer's plan at its scene().eps (fills the BW2^2-UVP fields and eval_seconds).
double train_bench_model(EgeotTrainer& trainer, const BenchSettings& settings,
                         const std::function<void(int64_t, int64_t, double)>& progress = {},
                         std::vector<BenchResult::Along>* along = nullptr);
void score_bench_model(EgeotTrainer& trainer, const BenchSettings& settings, BenchResult& result);

}  // namespace egeot
