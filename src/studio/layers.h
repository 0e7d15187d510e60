#pragma once
// The canvas's layers, drawn bottom to top in this order. A new layer (e.g. Sinkhorn's
// ground-truth conditionals) is one more entry here, one drawable in CanvasRenderer and one
// buffer in Snapshot; the panel, hotkeys-free toggles and the state dump follow the table.
#include <array>

namespace egeot::studio {

enum class Layer {
  kLandscape,         // heat map of E_x, pi(.|x) or f
  kPaths,             // Langevin trajectories for the selected x
  kConditionalLines,  // x -> its conditional samples
  kSource,            // x ~ P
  kTarget,            // y ~ Q
  kGenerated,         // y ~ pi(.|x), x ~ P (the trainer's persistent chains)
  kConditional,       // samples of pi(.|x) for each query x
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
    {Layer::kConditionalLines, "conditional_lines", "Plan lines x \xe2\x86\x92 y", true},
    {Layer::kSource, "source", "Source samples x \xe2\x88\xbc P", true},
    {Layer::kTarget, "target", "Target samples y \xe2\x88\xbc Q", true},
    {Layer::kGenerated, "generated",
     "Generated y \xe2\x88\xbc \xcf\x80(\xc2\xb7|x), x \xe2\x88\xbc P", true},
    {Layer::kConditional, "conditional", "Conditional samples \xcf\x80(\xc2\xb7|x)", true},
    {Layer::kQueries, "queries", "Query points x", true},
    {Layer::kAxes, "axes", "Axes", true},
    {Layer::kColourBar, "colour_bar", "Colour bar", true},
}};

class LayerToggles {
 public:
  LayerToggles() {
    for (const auto& info : kLayers) on_[static_cast<size_t>(info.layer)] = info.on_by_default;
  }
  bool operator[](Layer layer) const { return on_[static_cast<size_t>(layer)]; }
  bool& operator[](Layer layer) { return on_[static_cast<size_t>(layer)]; }

 private:
  std::array<bool, static_cast<size_t>(Layer::kCount)> on_{};
};

}  // namespace egeot::studio
