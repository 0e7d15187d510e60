#include "studio/worker/diagnostic_views.h"

#include "eval/grid_truth.h"
#include "eval/sampler_diagnostics.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>

namespace egeot::studio {
namespace {

// Twenty chains per start and up to 400 steps: tens of milliseconds on a 128-wide network,
// so the diagnostics fit the worker's view share while it trains.
constexpr int64_t kChains = 60;
constexpr int64_t kMinSteps = 40, kMaxSteps = 400;
constexpr int64_t kCurvePoints = 16;
constexpr int64_t kTargetSamples = 2000;  // for the grid around Q

}  // namespace

void DiagnosticViews::set_request(const cmd::SetDiagnostics& request) {
  if (request == request_) return;
  request_ = request;
  urgent_ = request_.enabled;
  if (!request_.enabled) view_.reset();
}

void DiagnosticViews::set_queries(const std::vector<Point2>& points, int selected) {
  const bool has = selected >= 0 && selected < static_cast<int>(points.size());
  if (has == has_x_ && (!has || points[static_cast<size_t>(selected)] == x_)) return;
  has_x_ = has;
  if (has) x_ = points[static_cast<size_t>(selected)];
  urgent_ = request_.enabled;
}

bool DiagnosticViews::stale(int64_t iteration) const {
  return request_.enabled && (urgent_ || !view_ || view_->iteration != iteration);
}

void DiagnosticViews::refresh(EgeotTrainer& trainer) {
  urgent_ = false;
  if (!request_.enabled) return;
  const auto t0 = std::chrono::steady_clock::now();
  auto v = std::make_shared<SamplerDiagnosticsView>();
  v->request = request_;
  v->x = x_;
  v->iteration = trainer.iteration();
  auto& model = trainer.model();
  if (model.scene().potential.dim != 2 || model.scene().image_scene()) {
    v->message = "sampler diagnostics: 2D point scenes only";
  } else if (!has_x_) {
    v->message = "click the canvas to choose a query x";
  } else {
    try {
      LangevinSettings kernel = model.sampler().settings();
      kernel.kind = request_.kind;
      if (request_.step > 0) kernel.step = request_.step;
      kernel.leapfrog = request_.leapfrog;
      DiagnosticOptions o;
      o.chains = kChains;
      o.steps = std::clamp<int64_t>(10 * model.scene().sampler.steps, kMinSteps, kMaxSteps);
      o.curve_points = kCurvePoints;
      torch::NoGradGuard no_grad;
      auto x = torch::tensor({static_cast<float>(x_[0]), static_cast<float>(x_[1])});
      auto grid = grid_on_mass(model, x,
                               grid_around(model.target().sample(kTargetSamples).to(torch::kCPU)));
      auto density = conditional_on_grid(model, x, grid).density;
      auto d = diagnose_sampler(model, kernel, x, o, grid, density);
      v->steps = d.steps;
      v->chains = d.chains;
      v->step = d.step;
      v->mean_acceptance = d.mean_acceptance;
      v->rhat = d.rhat_final;
      v->ess = d.ess_final;
      v->tv_floor = d.tv_floor;
      v->collapsed = d.collapsed;
      v->collapse_reason = d.collapse_reason;
      for (size_t k = 0; k < d.acceptance.size(); ++k) {
        v->step_index.push_back(static_cast<float>(k + 1));
        v->acceptance.push_back(static_cast<float>(d.acceptance[k]));
      }
      for (size_t i = 0; i < d.curve_steps.size(); ++i) {
        v->curve_steps.push_back(static_cast<float>(d.curve_steps[i]));
        v->rhat_curve.push_back(static_cast<float>(d.rhat[i]));
        if (i < d.tv.size()) v->tv_curve.push_back(static_cast<float>(d.tv[i]));
      }
      auto lines = std::make_shared<viz::Polylines>();
      auto p = d.paths.accessor<float, 3>();
      for (int64_t c = 0; c < d.paths.size(1); ++c) {
        const uint32_t colour = start_colour(d.group[static_cast<size_t>(c)], 210);
        lines->begin_line();
        for (int64_t t = 0; t < d.paths.size(0); ++t)
          lines->add_vertex(p[t][c][0], p[t][c][1], float(t), colour);
      }
      v->chains_by_start = std::move(lines);
    } catch (const std::exception& e) {
      v->message = std::string("sampler diagnostics: ") + e.what();
    }
  }
  v->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  view_ = std::move(v);
}

void DiagnosticViews::fill(Snapshot& s) const {
  if (request_.enabled) s.diagnostics = view_;
}

}  // namespace egeot::studio
