#include "studio/worker/truth_views.h"

#include "core/ot/cost.h"
#include "core/ot/sample_distance.h"
#include "eval/scene_truth.h"
#include "studio/protocol/palette.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace egeot::studio {
namespace {

constexpr int64_t kSamples = 2000;   // N = M: ~0.3 s at eps = 0.1 on one core
constexpr double kTolerance = 1e-4;  // L1 marginal error
constexpr int64_t kMaxIterations = 5000;
constexpr uint64_t kSeed = 20240;  // the truth's own samples, whatever training drew
constexpr size_t kCachedPlans = 4;
constexpr double kAtomMass = 0.99;        // atoms shown per query: this share of its weight...
constexpr int64_t kMaxAtoms = 400;        // ...or at most this many
constexpr int64_t kReference = 512;       // Sinkhorn samples the distance compares against
constexpr double kDistanceSeconds = 2.0;  // between distance points while training
constexpr int64_t kSyncDistanceIterations = 25;
constexpr size_t kCurveCapacity = 1024;

std::string truth_key(const Scene& s) {
  char eps[40];
  std::snprintf(eps, sizeof(eps), "%.17g", s.eps);
  return s.source.dump() + "|" + s.target.dump() + "|" + s.cost + "|" + eps;
}

bool planar(EgeotTrainer& trainer) {
  return trainer.scene().potential.dim == 2 && trainer.model().source().dim() == 2;
}

torch::Tensor query_rows(const std::vector<Point2>& points) {
  auto t = torch::empty({int64_t(points.size()), 2}, torch::kFloat64);
  for (size_t q = 0; q < points.size(); ++q) {
    t[q][0] = points[q][0];
    t[q][1] = points[q][1];
  }
  return t;
}

void set_from_report(SinkhornInfo* info, const SinkhornPlan& plan) {
  const auto& r = plan.report();
  info->state = SinkhornInfo::State::kReady;
  info->n = plan.source().size(0);
  info->marginal_error = r.marginal_error;
  info->iterations = r.iterations;
  info->stages = r.stages;
  info->seconds = r.seconds;
  info->converged = r.converged;
  info->message.clear();
}

}  // namespace

TruthViews::~TruthViews() {
  if (solve_ && solve_->result.valid()) solve_->result.wait();
}

void TruthViews::set_queries(const std::vector<Point2>& points, int selected) {
  if (points == queries_ && selected == selected_) return;
  queries_ = points;
  selected_ = selected;
  queries_changed_ = true;
}

void TruthViews::reset() {
  curve_ = nullptr;
  reference_ = torch::Tensor();
  last_distance_iteration_ = -1;
  closed_form_key_.clear();
  queries_changed_ = true;
}

std::shared_ptr<const SinkhornPlan> TruthViews::cached(const std::string& key) const {
  for (const auto& [k, plan] : plans_) {
    if (k == key) return plan;
  }
  return nullptr;
}

void TruthViews::start_solve(EgeotTrainer& trainer, const std::string& key) {
  const double eps = trainer.scene().eps;
  std::shared_ptr<const Cost> cost = make_cost(trainer.scene().cost);
  if (!cost) {
    info_.state = SinkhornInfo::State::kFailed;
    info_.message = "unknown cost " + trainer.scene().cost;
    return;
  }
  torch::Tensor x, y;
  {
    // Fixed samples for the truth, drawn without moving training's random stream.
    auto gen = at::detail::getDefaultCPUGenerator();
    const auto state = gen.get_state();
    gen.set_current_seed(kSeed);
    x = trainer.model().source().sample(kSamples).contiguous().clone();
    y = trainer.model().target().sample(kSamples).contiguous().clone();
    gen.set_state(state);
  }
  auto job = [x, y, cost, eps](bool background) -> std::shared_ptr<const SinkhornPlan> {
    // Below the trainer and the UI: the reference may take a while, they may not.
    if (background) setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
    torch::NoGradGuard no_grad;
    SinkhornOptions o;
    o.eps = eps;
    o.tol = kTolerance;
    o.max_iters = kMaxIterations;
    o.throw_if_not_converged = false;
    return std::make_shared<const SinkhornPlan>(solve_sinkhorn(cost, x, y, o));
  };
  solve_ = std::make_unique<Solve>();
  solve_->key = key;
  solve_->eps = eps;
  solve_->started = Clock::now();
  info_.state = SinkhornInfo::State::kSolving;
  info_.n = kSamples;
  info_.eps = eps;
  if (sync_) {
    std::promise<std::shared_ptr<const SinkhornPlan>> done;
    try {
      done.set_value(job(false));
    } catch (...) {
      done.set_exception(std::current_exception());
    }
    solve_->result = done.get_future();
    collect_solve();
  } else {
    solve_->result = std::async(std::launch::async, job, true);
  }
}

bool TruthViews::collect_solve() {
  if (!solve_ || solve_->result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    return false;
  }
  const std::string key = solve_->key;
  try {
    auto plan = solve_->result.get();
    plans_.insert(plans_.begin(), {key, plan});
    if (plans_.size() > kCachedPlans) plans_.pop_back();
    if (key == key_) {
      plan_ = plan;
      set_from_report(&info_, *plan);
      queries_changed_ = true;
    }
  } catch (const std::exception& e) {
    if (key == key_) {
      info_.state = SinkhornInfo::State::kFailed;
      const std::string what = e.what();
      info_.message = what.substr(0, what.find('\n'));
    }
  }
  solve_.reset();
  return true;
}

bool TruthViews::update(EgeotTrainer& trainer, const ModelViews& views, bool training) {
  if (!planar(trainer)) {
    const bool had = !key_.empty() || atoms_ || !closed_form_.empty();
    key_.clear();
    plan_ = nullptr;
    atoms_ = nullptr;
    closed_form_.clear();
    curve_ = nullptr;
    info_ = SinkhornInfo{};
    info_.message = "ground truths are drawn for 2D scenes";
    if (solve_) collect_solve();
    return had;
  }
  bool changed = false;
  const std::string key = truth_key(trainer.scene());
  if (key != key_) {
    key_ = key;
    plan_ = cached(key);
    info_ = SinkhornInfo{};
    info_.n = kSamples;
    info_.eps = trainer.scene().eps;
    if (plan_) set_from_report(&info_, *plan_);
    atoms_ = nullptr;
    reset();
    changed = true;
  }
  if (solve_) changed |= collect_solve();
  if (!plan_ && !solve_ && info_.state != SinkhornInfo::State::kFailed) {
    start_solve(trainer, key_);
    changed = true;
  }
  if (solve_ && solve_->key == key_) {
    info_.seconds = std::chrono::duration<double>(Clock::now() - solve_->started).count();
  }
  if (queries_changed_) {
    refresh_closed_form(trainer);
    refresh_atoms();
    queries_changed_ = false;
    changed = true;
  }
  if (plan_ && selected_ >= 0 && selected_ < int(queries_.size())) {
    const int64_t it = trainer.iteration();
    const bool due = sync_ ? last_distance_iteration_ < 0 ||
                                 it - last_distance_iteration_ >= kSyncDistanceIterations
                           : std::chrono::duration<double>(Clock::now() - last_distance_).count() >=
                                     kDistanceSeconds &&
                                 (training || last_distance_iteration_ < 0);
    const bool moved = curve_ && curve_->x != queries_[selected_];
    if ((due && it != last_distance_iteration_) || moved || !curve_) {
      const bool recorded = [&] {
        const auto before = curve_;
        record_distance(trainer, views);
        return curve_ != before;
      }();
      changed |= recorded;
    }
  }
  return changed;
}

void TruthViews::refresh_atoms() {
  if (!plan_ || queries_.empty()) {
    atoms_ = nullptr;
    return;
  }
  torch::NoGradGuard no_grad;
  auto w = plan_->extension_weights(query_rows(queries_)).to(torch::kFloat64).contiguous();
  auto y = plan_->target().to(torch::kCPU, torch::kFloat).contiguous();
  auto ya = y.accessor<float, 2>();
  auto points = std::make_shared<viz::ColoredPoints>();
  for (size_t q = 0; q < queries_.size(); ++q) {
    auto sorted = torch::sort(w[q], /*dim=*/0, /*descending=*/true);
    auto values = std::get<0>(sorted).contiguous();
    auto index = std::get<1>(sorted).contiguous();
    const double* v = values.data_ptr<double>();
    const int64_t* j = index.data_ptr<int64_t>();
    const double top = std::max(v[0], 1e-300);
    double mass = 0;
    for (int64_t k = 0; k < std::min<int64_t>(kMaxAtoms, values.numel()) && mass < kAtomMass; ++k) {
      mass += v[k];
      // Opacity by weight (square root, so light atoms stay visible).
      const auto alpha = static_cast<uint8_t>(70 + 185 * std::sqrt(v[k] / top));
      points->add(ya[j[k]][0], ya[j[k]][1], palette::query(int(q), alpha));
    }
  }
  atoms_ = points;
}

void TruthViews::refresh_closed_form(EgeotTrainer& trainer) {
  closed_form_.clear();
  if (queries_.empty()) return;
  std::optional<GaussianEot> truth;
  try {
    truth = scene_gaussian_truth(trainer.model(), trainer.scene().eps);
  } catch (const std::exception&) {
    return;  // not a valid Gaussian pair: no ellipses
  }
  if (!truth) return;
  auto a = truth->conditional_matrix.to(torch::kFloat64).contiguous();
  auto mx = truth->mean_x.to(torch::kFloat64).contiguous();
  auto my = truth->mean_y.to(torch::kFloat64).contiguous();
  auto s = truth->conditional_covariance.to(torch::kFloat64).contiguous();
  auto A = a.accessor<double, 2>();
  auto S = s.accessor<double, 2>();
  const double* mxv = mx.data_ptr<double>();
  const double* myv = my.data_ptr<double>();
  for (const auto& x : queries_) {
    GaussianConditional g;
    g.x = x;
    const double dx = x[0] - mxv[0], dy = x[1] - mxv[1];
    g.mean = {myv[0] + A[0][0] * dx + A[0][1] * dy, myv[1] + A[1][0] * dx + A[1][1] * dy};
    g.cov = {S[0][0], 0.5 * (S[0][1] + S[1][0]), S[1][1]};
    closed_form_.push_back(g);
  }
}

void TruthViews::record_distance(EgeotTrainer& trainer, const ModelViews& views) {
  auto langevin = views.conditional_samples(selected_);
  if (!langevin.defined() || langevin.size(0) < 2) return;
  torch::NoGradGuard no_grad;
  const Point2 x = queries_[selected_];
  if (!curve_ || curve_->x != x || !reference_.defined()) {
    // Sinkhorn's conditional at x and the baseline, once per query position and plan; our
    // own generator, so the global stream stays training's.
    auto gen = at::make_generator<at::CPUGeneratorImpl>(kSeed + 1);
    auto w = plan_->extension_weights(query_rows({x})).squeeze(0).to(torch::kFloat64);
    auto idx = at::multinomial(w, kReference, /*replacement=*/true, gen);
    const auto& targets = plan_->target();
    reference_ = targets.index_select(0, idx).to(torch::kFloat64);
    auto q = at::randperm(targets.size(0), gen, torch::kLong)
                 .slice(0, 0, std::min<int64_t>(kReference, targets.size(0)));
    baseline_ = float(energy_distance(reference_, targets.index_select(0, q).to(torch::kFloat64)));
    auto fresh = std::make_shared<TruthCurve>();
    fresh->x = x;
    curve_ = fresh;
  }
  const double d = energy_distance(langevin.to(torch::kCPU, torch::kFloat64), reference_);
  auto next = std::make_shared<TruthCurve>(*curve_);
  next->iteration.push_back(float(trainer.iteration()));
  next->distance.push_back(float(d));
  next->baseline.push_back(baseline_);
  if (next->iteration.size() > kCurveCapacity) {  // thin by half, keeping the latest
    auto thin = [](std::vector<float>& v) {
      std::vector<float> out;
      for (size_t i = v.size() % 2; i < v.size(); i += 2) out.push_back(v[i]);
      v = std::move(out);
    };
    thin(next->iteration);
    thin(next->distance);
    thin(next->baseline);
  }
  curve_ = next;
  last_distance_ = Clock::now();
  last_distance_iteration_ = trainer.iteration();
}

void TruthViews::fill(Snapshot& s) const {
  s.sinkhorn = info_;
  s.truth_atoms = atoms_;
  s.closed_form = closed_form_;
  s.truth_curve = curve_;
}

}  // namespace egeot::studio
