#include "studio/ui/state_dump.h"

#include "base/atomic_file.h"
#include "studio/ui/session_state.h"
#include "studio/ui/watch_banner.h"

#include <chrono>

#include <nlohmann/json.hpp>

namespace egeot::studio {

namespace {

nlohmann::json rect(const HitRect& r) { return {r.x0, r.y0, r.x1, r.y1}; }

}  // namespace

std::string state_json(const Snapshot* s, const UiState& ui, const HitRegions& hits,
                       const viz::CanvasView& view, const DumpExtras& extras) {
  nlohmann::json doc;
  if (s) {
    doc["iteration"] = s->iteration;
    doc["eps"] = s->settings.eps;
    doc["scene"] = s->scene_name;
    doc["playing"] = s->playing;
    doc["iterations_per_second"] = s->iterations_per_second;
    if (s->settings.eps_max > 0) doc["eps_range"] = {s->settings.eps_min, s->settings.eps_max};
    doc["eps_changed_at"] = s->settings.eps_changed_at;
    doc["settings"] = {{"widths", s->settings.widths},
                       {"batch", s->settings.batch},
                       {"langevin_steps", s->settings.langevin_steps},
                       {"noise", s->settings.noise},
                       {"score_coef", s->settings.score_coef},
                       {"replay_probability", s->settings.replay_probability},
                       {"lr", s->settings.lr},
                       {"lr_final", s->settings.lr_final},
                       {"lr_decay_iters", s->settings.lr_decay_iters},
                       {"lr_now", s->lr_now},
                       {"seed", s->settings.seed}};
  }
  if (s) {
    // Ground truths as drawn: the Sinkhorn reference's state and the closed-form ellipses.
    const auto& k = s->sinkhorn;
    const char* state = k.state == SinkhornInfo::State::kReady     ? "ready"
                        : k.state == SinkhornInfo::State::kSolving ? "solving"
                        : k.state == SinkhornInfo::State::kFailed  ? "failed"
                                                                   : "none";
    doc["truth"]["sinkhorn"] = {{"state", state},
                                {"n", k.n},
                                {"eps", k.eps},
                                {"marginal_error", k.marginal_error},
                                {"iterations", k.iterations},
                                {"converged", k.converged},
                                {"atoms", s->truth_atoms ? s->truth_atoms->size() : 0}};
    doc["truth"]["closed_form"] = nlohmann::json::array();
    for (const auto& g : s->closed_form) {
      doc["truth"]["closed_form"].push_back(
          {{"x", {g.x[0], g.x[1]}}, {"mean", g.mean}, {"cov", g.cov}});
    }
    if (s->truth_curve && !s->truth_curve->distance.empty()) {
      doc["truth"]["energy_distance"] = s->truth_curve->distance.back();
      doc["truth"]["energy_distance_baseline"] = s->truth_curve->baseline.back();
    }
  }
  if (s && s->divergence) {
    const DivergenceReport& d = *s->divergence;
    doc["divergence"] = {{"iteration", d.iteration}, {"restored_to", d.restored_to}, {"sign", d.sign},
                         {"cause", d.cause}, {"suggestion", d.suggestion}};
  }
  // Image mode: what the gallery and translations showed, and where (window coordinates).
  doc["mode"] = s && s->images ? "images" : "points";
  if (s && s->images) {
    const ImageModeView& v = *s->images;
    nlohmann::json thumbnails = nlohmann::json::array();
    for (const auto& t : hits.thumbnails) thumbnails.push_back({{"index", t.index}, {"rect", rect(t.rect)}});
    doc["images"] = {{"dataset", v.dataset},
                     {"count", v.count},
                     {"generator", v.generator},
                     {"device", s->device},
                     {"message", v.message},
                     {"page", v.page},
                     {"pages", v.pages},
                     {"per_page", v.per_page},
                     {"selected", v.selected},
                     {"translations", v.translations ? v.translations->count : 0},
                     {"steps_run", v.steps_run},
                     {"steps_total", v.steps_total},
                     {"eps", v.eps},
                     {"model_iteration", v.model_iteration},
                     {"thumbnails", thumbnails},
                     {"gallery_rect", rect(hits.gallery)},
                     {"source_rect", rect(hits.source)},
                     {"translations_rect", rect(hits.translations)}};
  }
  if (s && s->fit) {  // an image scene's generator being fitted
    const GeneratorFitView& f = *s->fit;
    doc["generator_fit"] = {{"what", f.what}, {"iteration", f.iteration}, {"total", f.total},
                            {"recon", f.recon}, {"mmd", f.mmd}, {"elapsed", f.elapsed},
                            {"remaining", f.remaining}, {"cancelling", f.cancelling},
                            {"cancel_rect", rect(hits.fit_cancel)}};
  }
  if (s && s->watch) {  // watch mode: the run directory and what of it is shown
    const WatchView& w = *s->watch;
    const double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    doc["watch"] = {{"dir", w.dir},
                    {"state", watch_state_name(w.state)},
                    {"checkpoint_iteration", w.checkpoint_iteration},
                    {"written_at", w.written_at},
                    {"loaded_at", w.loaded_at},
                    {"newest_written_at", w.newest_written_at},
                    {"metrics_rows", w.metrics_rows},
                    {"metrics_iteration", w.metrics_iteration},
                    {"problem", w.problem},
                    {"status", watch_status_text(w, now)}};
    doc["watch"]["curve_points"] = s->curves ? s->curves->iteration.size() : 0;  // the plots' rows
  }
  if (s && s->diagnostics) {  // the sampler diagnostics panel's figures, as drawn
    const SamplerDiagnosticsView& d = *s->diagnostics;
    doc["diagnostics"] = {{"kernel", d.request.kind}, {"step", d.step},
                          {"leapfrog", d.request.leapfrog}, {"iteration", d.iteration},
                          {"steps", d.steps}, {"chains", d.chains},
                          {"mean_acceptance", d.mean_acceptance}, {"rhat", d.rhat},
                          {"ess", d.ess}, {"collapsed", d.collapsed},
                          {"collapse_reason", d.collapse_reason}, {"message", d.message}};
  }
  doc.update(ui_state_json(ui, view));  // the fields a session keeps
  doc["ui"]["eps_slider"] = rect(hits.eps_slider);
  doc["ui"]["brush_p"] = rect(hits.brush_p);
  doc["ui"]["brush_q"] = rect(hits.brush_q);
  doc["ui"]["train_drawn"] = rect(hits.train_drawn);
  const auto& r = view.viewport();
  doc["view"]["viewport"] = {r.x0, r.y0, r.x1, r.y1};
  doc["view"]["framebuffer_scale"] = extras.framebuffer_scale;
  doc["view"]["window"] = {extras.window_width, extras.window_height};
  doc["presentation"] = {{"ui_scale", extras.ui_scale},
                         {"theme", extras.light_theme ? "light" : "dark"},
                         {"canvas_only", ui.canvas_only},
                         {"help", extras.help_visible}};
  doc["frames"] = extras.frames;
  return doc.dump(2) + "\n";
}

std::string write_state_dump(const std::string& path, const Snapshot* s, const UiState& ui,
                             const HitRegions& hits, const viz::CanvasView& view,
                             const DumpExtras& extras) {
  try {
    write_text_atomically(path, state_json(s, ui, hits, view, extras));
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

}  // namespace egeot::studio
