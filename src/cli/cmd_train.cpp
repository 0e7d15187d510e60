#include "base/atomic_file.h"
#include "base/error.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "cli/dist_options.h"
#include "cli/distributed_run.h"
#include "cli/eps_options.h"
#include "cli/interrupt.h"
#include "cli/local_ranks.h"
#include "cli/metrics_file.h"
#include "cli/progress_bar.h"
#include "cli/training_kernel_watch.h"
#include "cli/validators.h"
#include "core/dist/dist_error.h"
#include "core/nets/device.h"
#include "core/scenes/scene_cost.h"
#include "core/train/checkpoint.h"
#include "core/train/divergence_guard.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <unistd.h>

namespace fs = std::filesystem;

namespace egeot::cli {
namespace {

struct TrainOptions {
  std::string scene;
  EpsFlag eps;
  EpsRangeFlag eps_range;  // an eps-conditioned model
  int64_t iters = 2000;
  double minutes = 0;  // a wall-clock budget beside iters (0: none)
  int64_t seed = -1;
  std::string device = "auto";
  std::string out;
  int64_t log_every = 10;
  double checkpoint_minutes = 2.0;
  bool resume = false;
  DistFlags dist;
};

void write_metrics_row(std::ofstream& csv, const StepStats& s, double seconds) {
  double score = 0, cost = 0, noise = 0;
  for (size_t k = 0; k < s.sampler.noise.size(); ++k) {
    score += s.sampler.score_drift[k];
    cost += s.sampler.cost_drift[k];
    noise += s.sampler.noise[k];
  }
  const double n = std::max<size_t>(1, s.sampler.noise.size());
  const auto last = s.sampler.noise.empty() ? 0 : s.sampler.noise.size() - 1;
  csv << s.iteration << ',' << seconds << ',' << s.loss << ',' << s.f_pos << ',' << s.f_neg << ','
      << s.replayed << ',' << score / n << ',' << cost / n << ',' << noise / n << ','
      << (s.sampler.score_drift.empty() ? 0 : s.sampler.score_drift[last]) << ','
      << (s.sampler.cost_drift.empty() ? 0 : s.sampler.cost_drift[last]) << '\n';
}

constexpr const char* kMetricsHeader =
    "iteration,seconds,loss,f_pos,f_neg,replayed,score_drift_mean,cost_drift_mean,noise_mean,"
    "score_drift_last,cost_drift_last\n";

std::unique_ptr<EgeotTrainer> make_trainer(const TrainOptions& o, torch::Device device) {
  if (o.resume) {
    if (!has_checkpoint(o.out)) {
      throw InputError("--resume: " + o.out + " holds no checkpoint (no config.json)");
    }
    if (!o.scene.empty() || o.eps.given() || o.eps_range.given() || o.seed >= 0) {
      throw InputError("--resume continues the checkpoint's own scene: drop --scene, --eps, --eps-range and --seed");
    }
    return load_checkpoint(o.out, device);
  }
  if (o.scene.empty()) throw InputError("--scene: required (a preset name or a scene file)");
  Scene scene = load_scene(o.scene);
  if (o.eps.given()) scene.eps = o.eps.value();
  if (o.eps_range.given()) {
    // One potential for the whole range; --eps (or the scene's eps if inside the range, else
    // the range's geometric mean) is where it is evaluated by default.
    const double lo = o.eps_range.min, hi = o.eps_range.max;
    auto& range = scene.potential.eps_range;
    range = {lo, hi, range.active() ? range.knee : 1.0};
    if (!range.contains(scene.eps)) {
      if (o.eps.given()) {
        throw InputError("--eps " + o.eps.text + ": outside --eps-range " + o.eps_range.text);
      }
      scene.eps = std::sqrt(lo * hi);
    }
  }
  // Only rank 0 writes the run directory; the others may start after it did.
  if (o.dist.rank == 0 && (has_checkpoint(o.out) || fs::exists(fs::path(o.out) / "metrics.csv"))) {
    throw InputError("--out " + o.out +
                     ": already holds a training run; pass --resume to continue it or choose "
                     "another directory (nothing was overwritten)");
  }
  if (o.seed >= 0) scene.seed = o.seed;
  return std::make_unique<EgeotTrainer>(scene, device, make_scene_cost(scene, device));
}

void run_train(const TrainOptions& o) {
  const DistSettings dist_settings = o.dist.settings();
  const torch::Device device = pick_device(o.device);
  auto trainer = make_trainer(o, device);
  std::unique_ptr<DistributedRun> dist;
  if (o.dist.distributed()) {
    const std::string run_flags = "iters=" + std::to_string(o.iters) + ",minutes=" + std::to_string(o.minutes);
    dist = std::make_unique<DistributedRun>(dist_settings, *trainer, run_flags);
    if (dist->rank() > 0) {
      exit_code = dist->follow(o.iters, 60.0 * o.minutes);
      return;
    }
  }
  ensure_writable_dir(o.out);
  // Image scenes' chains are convolutions over the batch: torch on every core is faster there
  // (`egeot bench translate` measures both layouts).
  if (trainer->scene().image_scene() && device.is_cpu()) use_torch_threads();

  const std::string metrics_path = o.out + "/metrics.csv";
  std::ofstream csv =
      open_metrics(metrics_path, kMetricsHeader, o.resume ? trainer->iteration() : -1);

  const auto& scene = trainer->scene();
  std::ostringstream eps_text;
  if (trainer->model().eps_conditioned()) {
    eps_text << scene.potential.eps_range.text() << " (eps-conditioned)";
  } else {
    eps_text << scene.eps;
  }
  std::cerr << "egeot train: scene " << scene.name << ", eps " << eps_text.str() << ", dim "
            << scene.potential.dim << ", batch " << scene.optimizer.batch << ", "
            << scene.sampler.steps << " Langevin steps, device " << device << "\n";
  if (dist) {
    std::cerr << "egeot train: " << o.dist.world_size << " ranks (" << dist->group().backend()
              << "), each with batch " << trainer->scene().optimizer.batch / o.dist.world_size
              << "; rank 0 writes " << o.out << "\n";
  }

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  auto last_save = t0;
  const int64_t start = trainer->iteration();
  const int64_t end = start + o.iters;
  // --minutes: stop after the first step that reaches the budget, as if --iters had ended there.
  const double budget = 60.0 * o.minutes;
  auto out_of_time = [&] {
    return budget > 0 && std::chrono::duration<double>(Clock::now() - t0).count() >= budget;
  };
  ProgressBar bar(start, end);
  if (budget > 0) bar.set_time_budget(budget);
  TrainingKernelWatch kernel_watch(scene.sampler.kind, std::cerr, isatty(STDERR_FILENO) != 0);
  {
    InterruptGuard interrupt_guard;  // until the last checkpoint below is saved
    DivergenceGuard guard(*trainer);
    bool timed_out = false;
    // Distributed, the ranks stop together, at a step they agreed on.
    while (trainer->iteration() < end && (dist || !interrupted()) && !timed_out) {
      StepStats stats;
      auto diverged = guard.step(stats);
      const auto agreed = dist ? dist->agree(diverged, interrupted() || out_of_time()) : StepAgreement{};
      if (agreed.diverged_rank > 0 && !diverged) {
        // Another rank diverged; these weights took its gradient too, so nothing is saved.
        bar.finish();
        csv.flush();
        std::cerr << "egeot train: rank " << agreed.diverged_rank << ": "
                  << divergence_of(dist->group(), agreed.diverged_rank) << "\n"
                  << "egeot train: the last checkpoint in " << o.out << " was kept (nothing diverged was written)\n";
        exit_code = kExitDiverged;
        return;
      }
      if (diverged) {
        // The trainer is back at its last good state: that, never the diverged one, is saved.
        bar.finish();
        csv.flush();
        save_checkpoint(o.out, *trainer);
        std::cerr << "egeot train: " << diverged->message() << "\n"
                  << "egeot train: checkpoint of iteration " << trainer->iteration()
                  << " saved to " << o.out << " (nothing diverged was written)\n";
        exit_code = kExitDiverged;
        return;
      }
      const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
      timed_out = dist ? agreed.stop : out_of_time();
      if (stats.iteration % o.log_every == 0 || stats.iteration == end || timed_out) {
        write_metrics_row(csv, stats, secs);
        flush_metrics(csv, metrics_path);
      }
      kernel_watch.observe(stats.iteration, stats.sampler.acceptance, stats.sampler.collapsed,
                           stats.sampler.collapse_reason);
      bar.update(stats.iteration, stats.loss);
      if (std::chrono::duration<double>(Clock::now() - last_save).count() >
          60.0 * o.checkpoint_minutes) {
        csv.flush();
        save_checkpoint(o.out, *trainer);
        last_save = Clock::now();
      }
    }
    bar.finish();
    csv.flush();
    save_checkpoint(o.out, *trainer);
    kernel_watch.finish();
  }
  if (interrupted()) {
    std::cerr << "egeot train: interrupted at iteration " << trainer->iteration()
              << "; checkpoint saved to " << o.out << "\n";
    exit_code = 130;
  } else {
    std::cerr << "egeot train: " << trainer->iteration() << " iterations, " << bar.rate() << " it/s"
              << (trainer->iteration() < end ? " (the --minutes budget ran out)" : "")
              << "; checkpoint saved to " << o.out << "\n";
  }
}

// --nproc starts the ranks; a rank that loses its peers, or finds them different, says so in
// one line (DistError names the rank and the cause) and exits kExitDistributed.
void run_train_or_report(const TrainOptions& o) {
  if (o.dist.nproc > 0) {
    // Checked once here rather than in every rank, so bad input is one line.
    if (o.resume && !has_checkpoint(o.out)) {
      throw InputError("--resume: " + o.out + " holds no checkpoint (no config.json)");
    }
    if (!o.resume) {
      if (o.scene.empty()) throw InputError("--scene: required (a preset name or a scene file)");
      const Scene scene = load_scene(o.scene);
      if (scene.optimizer.batch % o.dist.nproc != 0) {
        throw InputError("--nproc " + std::to_string(o.dist.nproc) + ": the scene's batch " +
                         std::to_string(scene.optimizer.batch) + " must divide by the number of ranks");
      }
    }
    exit_code = run_local_ranks(o.dist.nproc, o.dist.timeout_s);
    return;
  }
  try {
    run_train(o);
  } catch (const DistError& e) {
    std::cerr << "egeot train: " << e.what() << "\n";
    exit_code = kExitDistributed;
  }
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto o = std::make_shared<TrainOptions>();
  auto* cmd = app.add_subcommand("train", "Train an EgEOT potential on a scene");
  cmd->add_option("--scene", o->scene, "Preset name (see `egeot scenes`) or scene .json file");
  add_eps_option(cmd, o->eps, EpsForm::kOne,
                 "Entropic regularisation eps > 0 (overrides the scene's)");
  add_eps_range_option(cmd, o->eps_range,
                       "MIN:MAX: train one eps-conditioned potential for every eps in the range");
  cmd->add_option("--iters", o->iters, "Training iterations to run")
      ->capture_default_str()
      ->check(integer_at_least(0));
  cmd->add_option("--minutes", o->minutes,
                  "Wall-clock budget: stop when it or --iters runs out, whichever comes first")
      ->check(number_above(0));
  add_seed_option(cmd, o->seed, "Random seed (overrides the scene's)");
  add_device_option(cmd, o->device);
  cmd->add_option("--out", o->out, "Run directory: checkpoint and metrics.csv")->required();
  cmd->add_option("--log-every", o->log_every, "Iterations between metrics.csv rows")
      ->capture_default_str()
      ->check(integer_at_least(1));
  cmd->add_option("--checkpoint-minutes", o->checkpoint_minutes,
                  "Minutes between checkpoints while training")
      ->capture_default_str();
  cmd->add_flag("--resume", o->resume, "Continue the checkpoint in --out");
  add_dist_options(cmd, o->dist);
  cmd->callback([o] { run_train_or_report(*o); });
}

}  // namespace egeot::cli
