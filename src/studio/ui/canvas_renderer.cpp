#include "studio/ui/canvas_renderer.h"

#include "viz/gl/gl_state_guard.h"
#include "viz/gl/shader_dir.h"
#include "viz/plot/iso_lines.h"

#include <algorithm>
#include <cmath>

namespace egeot::studio {
namespace {
constexpr int kContourLevels = 11;  // iso-lines between the colour range's ends
}  // namespace

HeatField heat_field_for(const LandscapeGrids& grids, LandscapeMode mode) {
  HeatField out;
  if (mode == LandscapeMode::kDensity && grids.density) {
    out.grid = grids.density;
    out.title = "\xcf\x80(y|x) density";
    float lo = 0, hi = 1;
    grids.density->finite_range(&lo, &hi);
    out.lo = 0;
    out.hi = hi > 0 ? hi : 1;
  } else if (mode == LandscapeMode::kEnergy && grids.energy) {
    out.grid = grids.energy;
    out.title = "E\xe2\x82\x93(y) = (c \xe2\x88\x92 f)/\xce\xb5";
    // Low energy is where pi(.|x) lives: start at the minimum and spend the colours on the
    // lower half of the grid's values (the far rim of the cost bowl saturates).
    float lo = 0, hi = 1;
    grids.energy->finite_range(&lo, &hi);
    out.lo = lo;
    out.hi = std::max(grids.energy->quantile(0.5), lo + 1e-6f);
  } else if (grids.potential) {
    out.grid = grids.potential;
    out.title = "f(y), true units";
    out.lo = grids.potential->quantile(0.02);
    out.hi = std::max(grids.potential->quantile(0.98), out.lo + 1e-6f);
  }
  return out;
}

std::string CanvasRenderer::load_shaders() {
  const std::string dir = viz::find_shader_dir("heatmap.vert");
  if (dir.empty()) {
    std::string tried;
    for (const auto& d : viz::shader_dir_candidates()) tried += (tried.empty() ? "" : ", ") + d;
    return "shaders not found (looked in " + tried + "; set EGEOT_SHADERS)";
  }
  std::string errors;
  for (auto [program, name] :
       {std::pair{&heat_program_, "heatmap"}, std::pair{&point_program_, "points"},
        std::pair{&path_program_, "paths"}}) {
    std::string error;
    auto loaded = viz::ShaderProgram::load(dir, name, &error);
    if (loaded) {
      *program = std::move(loaded);
    } else {
      errors += (errors.empty() ? "" : "\n") + error;  // keep the previous program
    }
  }
  return errors;
}

void CanvasRenderer::update(const Snapshot& s, const UiState& ui) {
  if (!d_) d_ = std::make_unique<Drawables>();
  d_->source.set_points(s.source);
  d_->target.set_points(s.target);
  d_->generated.set_points(s.generated);
  d_->conditional.set_points(s.conditional_samples);
  d_->truth_atoms.set_points(s.truth_atoms);
  d_->lines.set_lines(s.conditional_lines);
  d_->paths.set_lines(s.paths);
  d_->diagnostic_chains.set_lines(s.diagnostics ? s.diagnostics->chains_by_start : nullptr);
  path_head_ = s.path_head;
  path_fade_ = std::max(1.0f, s.path_length / 4.0f);
  // Colour ranges need quantiles and iso-lines a pass over the grid: recompute them only
  // for a new grid, mode or toggle.
  if (s.landscape != landscape_ || ui.mode != mode_ || ui.contours != contours_) {
    field_ = s.landscape ? heat_field_for(*s.landscape, ui.mode) : HeatField{};
    landscape_ = s.landscape;
    mode_ = ui.mode;
    contours_ = ui.contours;
    auto lines = std::make_shared<viz::Polylines>();
    if (contours_ && field_.grid) {
      viz::iso_lines(*field_.grid, viz::even_levels(field_.lo, field_.hi, kContourLevels),
                     viz::rgba(0, 0, 0, 90), lines.get());
    }
    d_->contours.set_lines(std::move(lines));
  }
  d_->heat.set_grid(field_.grid);
  d_->heat.set_range(field_.lo, field_.hi);
  d_->heat.set_colormap(ui.colormap);
  d_->heat.set_opacity(ui.heat_opacity);
}

void CanvasRenderer::draw(const viz::CanvasView& view, int fb_w, int fb_h, float scale,
                          float size_scale, const UiState& ui) {
  if (!d_ || fb_w <= 0 || fb_h <= 0) return;
  viz::GlStateGuard guard;
  const viz::Rect& r = view.viewport();
  glViewport(0, 0, fb_w, fb_h);
  glEnable(GL_SCISSOR_TEST);
  glScissor(static_cast<GLint>(r.x0 * scale), static_cast<GLint>(fb_h - r.y1 * scale),
            static_cast<GLsizei>(r.width() * scale), static_cast<GLsizei>(r.height() * scale));
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  const auto clip = view.clip_transform(fb_w, fb_h, scale, scale);
  const auto& L = ui.layers;
  if (L[Layer::kLandscape]) {
    // An opaque heat map needs no blending (a large saving on software GL).
    if (ui.heat_opacity >= 1.0f) glDisable(GL_BLEND);
    d_->heat.draw(heat_program_, clip);
    glEnable(GL_BLEND);
    d_->contours.set_width(1.0f);
    if (ui.contours) d_->contours.draw(path_program_, clip);
  }
  if (L[Layer::kPaths]) {
    d_->paths.set_width(std::max(1.0f, std::round(1.5f * size_scale - 0.25f)));
    d_->paths.set_head(path_head_, path_fade_);
    d_->paths.draw(path_program_, clip);
  }
  if (L[Layer::kDiagnosticChains]) {
    d_->diagnostic_chains.set_width(std::max(1.0f, std::round(1.5f * size_scale)));
    d_->diagnostic_chains.draw(path_program_, clip);
  }
  if (L[Layer::kConditionalLines]) {
    d_->lines.set_width(1.0f * size_scale);
    d_->lines.draw(path_program_, clip);
  }
  const float size = ui.point_size * size_scale;
  for (auto [layer, points] :
       {std::pair{Layer::kSource, &d_->source}, std::pair{Layer::kTarget, &d_->target},
        std::pair{Layer::kGenerated, &d_->generated},
        std::pair{Layer::kConditional, &d_->conditional}}) {
    if (!L[layer]) continue;
    points->set_size(size);
    points->draw(point_program_, clip);
  }
  if (L[Layer::kTruthSinkhorn]) {
    // Rings, larger than the samples, so the Langevin dots show through them.
    d_->truth_atoms.set_size(std::max(6.0f, 2.4f * size));
    d_->truth_atoms.set_ring(std::max(1.0f, std::round(1.25f * size_scale)));
    d_->truth_atoms.draw(point_program_, clip);
  }
}

}  // namespace egeot::studio
