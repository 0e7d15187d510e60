#include "studio/worker/model_views.h"

#include "studio/protocol/palette.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace egeot::studio {
namespace {

constexpr int64_t kMarginalSamples = 1000;  // source and target points drawn
constexpr int64_t kGeneratedSamples = 800;  // chains shown from the replay buffer
constexpr int64_t kChainsPerQuery = 256;    // Langevin samples of each pi(.|x)
constexpr int64_t kLinesPerQuery = 48;      // of which joined to x by a line
constexpr int64_t kPathChains = 16;
constexpr int kPathRunFactor = 10;  // a path runs 10x the training steps (as `egeot sample`)
constexpr int kPathAdvances = 60;   // advances per run: ~2 s at the publish rate
constexpr int kPathHold = 20;       // advances a finished run stays before restarting
constexpr double kLandscapeSeconds = 0.012;  // resolution so that one refresh costs ~this
constexpr int64_t kMinSide = 48, kMaxSide = 256;

std::shared_ptr<const viz::ColoredPoints> to_points(const torch::Tensor& y, uint32_t colour) {
  auto cpu = y.to(torch::kCPU, torch::kFloat).contiguous();
  auto out = std::make_shared<viz::ColoredPoints>();
  out->xy.assign(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
  out->rgba.assign(cpu.size(0), colour);
  return out;
}

torch::Tensor rows_of(const std::vector<Point2>& points, int64_t repeat) {
  auto t = torch::empty({int64_t(points.size()) * repeat, 2});
  auto a = t.accessor<float, 2>();
  for (size_t q = 0; q < points.size(); ++q) {
    for (int64_t r = 0; r < repeat; ++r) {
      a[q * repeat + r][0] = float(points[q][0]);
      a[q * repeat + r][1] = float(points[q][1]);
    }
  }
  return t;
}

// A [ny, nx] tensor on the grid's cell centres as the heat map's plain grid.
std::shared_ptr<const viz::ScalarGrid> to_scalar_grid(const torch::Tensor& values,
                                                      const Grid2D& g) {
  auto out = std::make_shared<viz::ScalarGrid>();
  out->nx = static_cast<int>(g.nx);
  out->ny = static_cast<int>(g.ny);
  const double hx = (g.xmax - g.xmin) / g.nx / 2, hy = (g.ymax - g.ymin) / g.ny / 2;
  out->x0 = g.xmin + hx;
  out->x1 = g.xmax - hx;
  out->y0 = g.ymin + hy;
  out->y1 = g.ymax - hy;
  auto flat = values.to(torch::kFloat).contiguous().reshape(-1);
  out->values.assign(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
  return out;
}

// The box holding 99 % of both marginals, padded and made square.
viz::Rect mass_box(const torch::Tensor& a, const torch::Tensor& b) {
  auto all = torch::cat({a, b}).to(torch::kFloat64);
  auto lo = std::get<0>(torch::kthvalue(all, std::max<int64_t>(1, all.size(0) / 200), 0));
  auto hi = std::get<0>(torch::kthvalue(all, all.size(0) - all.size(0) / 200, 0));
  double x0 = lo[0].item<double>(), y0 = lo[1].item<double>();
  double x1 = hi[0].item<double>(), y1 = hi[1].item<double>();
  const double half = 0.55 * std::max(x1 - x0, y1 - y0);
  const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return {cx - half, cy - half, cx + half, cy + half};
}

}  // namespace

void ModelViews::reset(EgeotTrainer& trainer) {
  torch::NoGradGuard no_grad;
  const bool planar = trainer.scene().potential.dim == 2;
  auto xs = trainer.model().source().sample(kMarginalSamples);
  auto ys = trainer.model().target().sample(kMarginalSamples);
  if (planar) {
    source_ = to_points(xs, palette::source());
    target_ = to_points(ys, palette::target());
    bounds_ = mass_box(xs, ys);
    grid_.xmin = bounds_.x0, grid_.xmax = bounds_.x1, grid_.ymin = bounds_.y0,
    grid_.ymax = bounds_.y1;
  } else {
    source_ = target_ = nullptr;  // the canvas draws the plane only
  }
  generated_ = conditional_ = nullptr;
  lines_ = paths_ = nullptr;
  landscape_ = nullptr;
  generated_iteration_ = -1;
  chains_y_ = chains_x_ = torch::Tensor();
  chains_for_.clear();
  path_restart_ = true;
  landscape_urgent_ = conditionals_urgent_ = true;
}

void ModelViews::set_queries(const std::vector<Point2>& points, int selected) {
  if (points == queries_ && selected == selected_) return;
  const bool selected_moved = !has_selected() || selected < 0 || selected >= int(points.size()) ||
                              points[selected] != queries_[selected_];
  queries_ = points;
  selected_ = selected;
  conditionals_urgent_ = true;
  if (selected_moved) {
    landscape_urgent_ = true;
    path_restart_ = true;
  }
}

void ModelViews::set_region(const cmd::SetRegion& r) {
  if (!(r.x1 > r.x0) || !(r.y1 > r.y0)) return;
  grid_.xmin = r.x0, grid_.xmax = r.x1, grid_.ymin = r.y0, grid_.ymax = r.y1;
  landscape_urgent_ = true;
}

void ModelViews::refresh_landscape(EgeotTrainer& trainer) {
  landscape_urgent_ = false;
  if (trainer.scene().potential.dim != 2) return;
  // Resolution: as many points as fit the time budget, shaped like the region.
  const double budget_points =
      adaptive_ && seconds_per_point_ > 0 ? kLandscapeSeconds / seconds_per_point_ : 128.0 * 128.0;
  const double aspect = (grid_.xmax - grid_.xmin) / (grid_.ymax - grid_.ymin);
  grid_.nx =
      std::clamp<int64_t>(std::llround(std::sqrt(budget_points * aspect)), kMinSide, kMaxSide);
  grid_.ny =
      std::clamp<int64_t>(std::llround(std::sqrt(budget_points / aspect)), kMinSide, kMaxSide);

  const auto start = std::chrono::steady_clock::now();
  auto out = std::make_shared<LandscapeGrids>();
  // f once; each query's conditional then needs only the cost on the grid.
  auto f = potential_on_grid(trainer.model(), grid_, /*chunk=*/4096);
  out->potential = to_scalar_grid(f, grid_);
  if (has_selected()) {
    auto x = torch::tensor({float(queries_[selected_][0]), float(queries_[selected_][1])});
    auto conditional =
        conditional_from_grid_potential(f, trainer.model().cost(), trainer.scene().eps, x, grid_);
    out->energy = to_scalar_grid(conditional.energy, grid_);
    out->density = to_scalar_grid(conditional.density, grid_);
    out->has_x = true;
    out->x = queries_[selected_];
    out->log_normalizer = conditional.log_normalizer;
  }
  out->iteration = trainer.iteration();
  landscape_ = out;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double per_point = seconds / double(grid_.nx * grid_.ny);
  seconds_per_point_ =
      seconds_per_point_ > 0 ? 0.7 * seconds_per_point_ + 0.3 * per_point : per_point;
}

void ModelViews::refresh_generated(EgeotTrainer& trainer) {
  generated_iteration_ = trainer.iteration();
  if (trainer.scene().potential.dim != 2) return;
  torch::NoGradGuard no_grad;
  torch::Tensor y;
  if (trainer.buffer().size() > 0) {
    // The persistent chains training continues: y ~ pi_f(.|x) for x ~ P, at no extra cost.
    y = trainer.buffer().sample(kGeneratedSamples).first;
  } else {
    y = trainer.model().sample_conditional(trainer.model().source().sample(kGeneratedSamples),
                                   trainer.scene().sampler.steps);
  }
  generated_ = to_points(y, palette::generated());
}

void ModelViews::advance_conditionals(EgeotTrainer& trainer) {
  conditionals_urgent_ = false;
  if (queries_.empty() || trainer.scene().potential.dim != 2) {
    conditional_ = nullptr;
    lines_ = nullptr;
    chains_for_.clear();
    return;
  }
  // Chains persist per query: a moved query keeps its chains, which then follow it; a new
  // query starts its own from the scene's initialisation.
  auto x = rows_of(queries_, kChainsPerQuery).to(trainer.device());
  std::vector<torch::Tensor> starts;
  for (size_t q = 0; q < queries_.size(); ++q) {
    auto rows = x.slice(0, q * kChainsPerQuery, (q + 1) * kChainsPerQuery);
    if (q < chains_for_.size() && chains_y_.defined()) {
      starts.push_back(chains_y_.slice(0, q * kChainsPerQuery, (q + 1) * kChainsPerQuery));
    } else {
      starts.push_back(trainer.model().init_chains(rows));
    }
  }
  chains_y_ = kernel_sampler(trainer).run(trainer.model().potential(), x, torch::cat(starts),
                                          trainer.scene().sampler.steps);
  chains_x_ = x;
  chains_for_ = queries_;

  auto y = chains_y_.to(torch::kCPU, torch::kFloat).contiguous();
  auto points = std::make_shared<viz::ColoredPoints>();
  auto lines = std::make_shared<viz::Polylines>();
  auto a = y.accessor<float, 2>();
  for (size_t q = 0; q < queries_.size(); ++q) {
    for (int64_t k = 0; k < kChainsPerQuery; ++k) {
      const auto row = q * kChainsPerQuery + k;
      points->add(a[row][0], a[row][1], palette::query(int(q)));
      if (k < kLinesPerQuery) {
        lines->begin_line();
        lines->add_vertex(float(queries_[q][0]), float(queries_[q][1]), 0,
                          palette::query(int(q), 60));
        lines->add_vertex(a[row][0], a[row][1], 0, palette::query(int(q), 60));
      }
    }
  }
  conditional_ = points;
  lines_ = lines;
}

void ModelViews::set_kernel(const std::string& kind, double step, int64_t leapfrog) {
  if (kind == kind_ && step == step_ && leapfrog == leapfrog_) return;
  kind_ = kind;
  step_ = step;
  leapfrog_ = leapfrog;
  chains_for_.clear();  // fresh chains: the old ones ran another kernel
  conditionals_urgent_ = true;
  path_restart_ = true;
}

LangevinSampler ModelViews::kernel_sampler(EgeotTrainer& trainer) const {
  const auto& model = trainer.model();
  LangevinSettings kernel = model.sampler().settings();
  kernel.kind = kind_;
  if (step_ > 0) kernel.step = step_;
  kernel.leapfrog = leapfrog_;
  return LangevinSampler(kernel, model.sampler().eps(), model.shared_cost(), model.sampler().eps_knee());
}

void ModelViews::advance_paths(EgeotTrainer& trainer) {
  if (!has_selected() || trainer.scene().potential.dim != 2) {
    paths_ = nullptr;
    path_step_ = 0;
    return;
  }
  path_length_ = kPathRunFactor * int(trainer.scene().sampler.steps);
  if (path_restart_ || (path_step_ >= path_length_ && path_hold_ >= kPathHold)) {
    path_for_ = queries_[selected_];
    path_x_ = rows_of({path_for_}, kPathChains).to(trainer.device());
    path_y_ = trainer.model().init_chains(path_x_);
    auto y0 = path_y_.to(torch::kCPU, torch::kFloat).contiguous();
    path_xy_.assign(kPathChains, {});
    for (int64_t c = 0; c < kPathChains; ++c) {
      path_xy_[c] = {y0[c][0].item<float>(), y0[c][1].item<float>()};
    }
    path_step_ = 0;
    path_hold_ = 0;
    path_restart_ = false;
  } else if (path_step_ >= path_length_) {
    ++path_hold_;
    return;
  } else {
    const int steps =
        std::min(path_length_ - path_step_, std::max(1, path_length_ / kPathAdvances));
    LangevinTrace trace;
    path_y_ = kernel_sampler(trainer).run(trainer.model().potential(), path_x_, path_y_, steps, &trace, kPathChains);
    auto p = trace.paths.to(torch::kFloat).contiguous();  // [steps + 1, chains, 2]
    auto a = p.accessor<float, 3>();
    for (int s = 1; s <= steps; ++s) {
      for (int64_t c = 0; c < kPathChains; ++c) {
        path_xy_[c].push_back(a[s][c][0]);
        path_xy_[c].push_back(a[s][c][1]);
      }
    }
    path_step_ += steps;
  }
  auto lines = std::make_shared<viz::Polylines>();
  for (const auto& chain : path_xy_) {
    lines->begin_line();
    for (size_t k = 0; k + 1 < chain.size(); k += 2) {
      lines->add_vertex(chain[k], chain[k + 1], float(k / 2), palette::path());
    }
  }
  paths_ = lines;
}

torch::Tensor ModelViews::conditional_samples(int q) const {
  if (q < 0 || q >= int(chains_for_.size()) || q >= int(queries_.size()) ||
      chains_for_[q] != queries_[q] || !chains_y_.defined()) {
    return {};
  }
  return chains_y_.slice(0, q * kChainsPerQuery, (q + 1) * kChainsPerQuery);
}

void ModelViews::fill(Snapshot& s) const {
  s.source = source_;
  s.target = target_;
  s.generated = generated_;
  s.conditional_samples = conditional_;
  s.conditional_lines = lines_;
  s.paths = paths_;
  s.path_head = float(path_step_);
  s.path_length = path_length_;
  s.queries = chains_for_;
  s.selected = selected_;
  s.landscape = landscape_;
  s.scene_bounds = bounds_;
}

}  // namespace egeot::studio
