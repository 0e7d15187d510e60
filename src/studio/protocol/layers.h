#pragma once
// The canvas's layers, drawn bottom to top in this order. A new layer is one more entry
// here, one drawable in CanvasRenderer (or an overlay) and one buffer in Snapshot; the panel,
// the --layers flag and the state dump follow the table.
#include <array>
#include <string>

namespace egeot::studio {

enum class Layer {
  kLandscape,         // heat map of E_x, pi(.|x) or f
  kPaths,             // Langevin trajectories for the selected x
  kDiagnosticChains,  // the diagnostics' chains for the selected x, coloured by start
  kConditionalLines,  // x -> its conditional samples
  kSource,            // x ~ P
  kTarget,            // y ~ Q
  kGenerated,         // y ~ pi(.|x), x ~ P (the trainer's persistent chains)
  kConditional,       // samples of pi(.|x) for each query x
  kTruthSinkhorn,     // ground truth pi(.|x): Sinkhorn's weighted target atoms, as rings
  kTruthClosedForm,   // ground truth on Gaussian scenes: 1 and 2 sigma ellipses of pi(.|x)
  kQueries,           // the query points themselves
  kAxes,              // grid lines and tick labels
  kColourBar,
  kCount
};

struct LayerInfo {
  Layer layer;
  const char* key;    // in --dump-state
  const char* label;  // in the panel
  bool on_by_default;
};

inline constexpr std::array<LayerInfo, static_cast<size_t>(Layer::kCount)> kLayers = {{
    {Layer::kLandscape, "landscape", "Energy landscape (heat map)", true},
    {Layer::kPaths, "paths", "Langevin paths (selected x)", true},
    {Layer::kDiagnosticChains, "diagnostic_chains", "Diagnostic chains by start (selected x)", false},
    {Layer::kConditionalLines, "conditional_lines", "Plan lines x \xe2\x86\x92 y", true},
    {Layer::kSource, "source", "Source samples x \xe2\x88\xbc P", true},
    {Layer::kTarget, "target", "Target samples y \xe2\x88\xbc Q", true},
    {Layer::kGenerated, "generated",
     "Generated y \xe2\x88\xbc \xcf\x80(\xc2\xb7|x), x \xe2\x88\xbc P", true},
    {Layer::kConditional, "conditional", "Conditional samples \xcf\x80(\xc2\xb7|x)", true},
    {Layer::kTruthSinkhorn, "sinkhorn", "Sinkhorn truth \xcf\x80(\xc2\xb7|x) (rings)", true},
    {Layer::kTruthClosedForm, "closed_form", "Closed-form truth (ellipses)", true},
    {Layer::kQueries, "queries", "Query points x", true},
    {Layer::kAxes, "axes", "Axes", true},
    {Layer::kColourBar, "colour_bar", "Colour bar", true},
}};

class LayerToggles {
 public:
  // Applies a --layers spec: comma-separated keys, each optionally prefixed with + (on, the
  // default) or - (off), e.g. "-landscape,+sinkhorn". Returns the first unknown key, or ""
  // when all applied (the known ones apply either way).
  std::string apply(const std::string& spec) {
    std::string unknown;
    size_t start = 0;
    while (start <= spec.size()) {
      size_t end = spec.find(',', start);
      if (end == std::string::npos) end = spec.size();
      std::string item = spec.substr(start, end - start);
      start = end + 1;
      if (item.empty()) continue;
      bool on = item[0] != '-';
      if (item[0] == '-' || item[0] == '+') item.erase(0, 1);
      bool found = false;
      for (const auto& info : kLayers) {
        if (item == info.key) {
          on_[static_cast<size_t>(info.layer)] = on;
          found = true;
        }
      }
      if (!found && unknown.empty()) unknown = item;
    }
    return unknown;
  }

  LayerToggles() {
    for (const auto& info : kLayers) on_[static_cast<size_t>(info.layer)] = info.on_by_default;
  }
  bool operator[](Layer layer) const { return on_[static_cast<size_t>(layer)]; }
  bool& operator[](Layer layer) { return on_[static_cast<size_t>(layer)]; }

 private:
  std::array<bool, static_cast<size_t>(Layer::kCount)> on_{};
};

}  // namespace egeot::studio
