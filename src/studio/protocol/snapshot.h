#pragma once
// What the trainer thread publishes for the UI: an immutable picture of the model made of
// plain float buffers (no torch). Buffers that did not change are shared with the previous
// snapshot, so the renderer re-uploads exactly those whose pointer changed.
#include "studio/protocol/command.h"
#include "studio/protocol/diagnostics_view.h"
#include "studio/protocol/generator_fit_view.h"
#include "studio/protocol/training_settings.h"
#include "studio/protocol/watch_view.h"
#include "viz/plot/canvas_view.h"
#include "viz/plot/colored_points.h"
#include "viz/plot/scalar_grid.h"
#include "viz/plot/tile_atlas.h"

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace egeot::studio {

// The model's landscape on the heat map's grid.
struct LandscapeGrids {
  std::shared_ptr<const viz::ScalarGrid> potential;  // f(y), true units
  // For the selected query x (null without one):
  std::shared_ptr<const viz::ScalarGrid> energy;   // E_x(y) = (c(x,y) - f(y)) / eps
  std::shared_ptr<const viz::ScalarGrid> density;  // pi_f(y|x) normalised on the grid
  bool has_x = false;
  Point2 x{0, 0};
  double log_normalizer = 0;  // log of the grid integral of exp(-E_x)
  int64_t iteration = 0;      // the model state they show
};

// Training curves, one entry per recorded step (thinned as they grow).
struct CurveHistory {
  std::vector<float> iteration, loss, f_pos, f_neg, score_drift, cost_drift, noise;
};

// The Sinkhorn reference for the running scene and eps (solved off the UI thread).
struct SinkhornInfo {
  enum class State { kNone, kSolving, kReady, kFailed } state = State::kNone;
  int64_t n = 0;  // source and target samples
  double eps = 0;
  double marginal_error = 0;  // L1, sum_i |pi_i. - 1/N|
  int64_t iterations = 0, stages = 0;
  double seconds = 0;  // solve time, or time spent so far while solving
  bool converged = false;
  std::string message;  // why it failed, or why there is none (not 2D)
};

// The closed-form conditional N(mean, cov) of one query on a Gaussian scene.
struct GaussianConditional {
  Point2 x{0, 0};
  std::array<double, 2> mean{0, 0};
  std::array<double, 3> cov{1, 0, 1};  // xx, xy, yy
};

// Energy distance between the studio's Langevin samples of the selected query's conditional
// and Sinkhorn's, over training; `baseline` is Sinkhorn's conditional against Q itself (what
// a sampler that ignored x would score). Restarts when the query, scene or eps change.
struct TruthCurve {
  Point2 x{0, 0};
  std::vector<float> iteration, distance, baseline;
};

// Image mode (image scenes): the held-out source images, paged, and K translations of the
// selected one, which sharpen as their Langevin chains run. The atlases are shared with the
// previous snapshot until they change, so the UI re-uploads only new pictures.
struct ImageModeView {
  // Status facts.
  std::string dataset;    // e.g. "fashion-mnist/sneaker, test split"
  int64_t count = 0;      // images in the gallery
  std::string generator;  // Generator::describe()
  std::string message;    // a problem with the gallery (e.g. no held-out split), or empty
  // The gallery.
  int page = 0, pages = 0, per_page = 0;
  int64_t first = 0;  // index of the page's first image
  std::shared_ptr<const viz::TileAtlas> gallery;
  int64_t selected = -1;
  std::shared_ptr<const viz::TileAtlas> source;  // the selected image, one tile
  // The translations G(z), z ~ pi(.|x) of the selected x: chains restarted from the prior
  // whenever the source, eps or the model generation change, `steps_run` Langevin steps so
  // far out of `steps_total` (they continue past it, following the training model).
  std::shared_ptr<const viz::TileAtlas> translations;
  int64_t steps_run = 0, steps_total = 0;
  double eps = 0;                // the eps they are sampled at
  int64_t model_iteration = -1;  // the model their last steps used
};

// Training diverged: the trainer put back its last good state and paused. The views show that
// state; the banner says what was seen, why, and the setting that should make it stable.
struct DivergenceReport {
  int64_t iteration = 0;    // the step that showed it
  int64_t restored_to = 0;  // the iteration now shown
  std::string sign, cause, message;
  std::string suggestion;            // e.g. "sampler.noise 0.3 -> 0.12"; empty when none
  std::string suggestion_field;      // "sampler.noise" or "optimizer.lr"
  double suggestion_value = 0;
};
struct PresetEntry {
  std::string name, description;
};

struct Snapshot {
  uint64_t sequence = 0;    // publish counter
  uint64_t tick = 0;        // the last --sync tick this snapshot completes
  uint64_t generation = 0;  // bumps when the model is replaced (scene, reset, checkpoint)
  int64_t iteration = 0;
  double iterations_per_second = 0;
  bool playing = true;
  bool sync = false;
  TrainingSettings settings;  // those of the running trainer
  double lr_now = 0;          // the learning rate of the next step (the scene's schedule)
  std::string scene_name, scene_description, device;
  std::shared_ptr<const std::vector<PresetEntry>> presets;
  viz::Rect scene_bounds;  // where source and target mass is, for fitting the view

  std::shared_ptr<const viz::ColoredPoints> source, target, generated, conditional_samples;
  std::shared_ptr<const viz::Polylines> conditional_lines, paths;
  float path_head = 0;          // Langevin steps the path chains have run
  int path_length = 0;          // steps in one full run
  std::vector<Point2> queries;  // the query points the conditionals were computed for
  int selected = -1;

  std::shared_ptr<const LandscapeGrids> landscape;
  std::shared_ptr<const CurveHistory> curves;

  // Ground truths for the queries (null or empty where the scene has none).
  SinkhornInfo sinkhorn;
  std::shared_ptr<const viz::ColoredPoints> truth_atoms;  // Sinkhorn's weighted target atoms
  std::vector<GaussianConditional> closed_form;           // one per query, Gaussian scenes
  std::shared_ptr<const TruthCurve> truth_curve;

  std::shared_ptr<const ImageModeView> images;  // null unless the scene is an image scene
  std::shared_ptr<const DivergenceReport> divergence;  // null unless training diverged
  std::shared_ptr<const GeneratorFitView> fit;  // null unless a generator is being fitted
  std::shared_ptr<const SamplerDiagnosticsView> diagnostics;  // null unless they are on
  uint64_t sessions_opened = 0;                 // bumps when an OpenSession succeeded
  std::shared_ptr<const WatchView> watch;       // null unless watching a run directory
};

}  // namespace egeot::studio
