#pragma once
// A scene: everything one EgEOT run needs (source, target, eps, cost, network, sampler,
// optimiser, seed). Presets live in assets/scenes/*.json; a checkpoint's config.json
// embeds the scene it was trained on.
#include "core/nets/langevin_sampler.h"
#include "core/nets/potential.h"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace egeot {

struct ReplaySettings {
  double probability = 0.95;  // share of chains continued from the buffer
  int64_t capacity = 10000;
  // "fork" (the reference implementation): replayed chains are drawn with replacement and
  // pushed back as new entries, so chains fork and the buffer's x's coalesce onto a few
  // hundred distinct draws of P. "persistent": each chain keeps its slot (drawn without
  // replacement, written back in place) and fresh chains replace the oldest, so the buffer
  // holds `capacity` distinct x's; replay starts once the buffer is full.
  std::string mode = "fork";
};

struct OptimizerSettings {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  int64_t batch = 256;
  // Decay of an exponential moving average of the potential's weights (0: none). With one,
  // the average is the model: every sample, f and translation comes from it, while training
  // chains follow the live weights. Why: Adam's last iterates scatter around the optimum, and
  // at small eps (f / eps ~ 500 g) that scatter alone moves chains far.
  double ema = 0;
  // A learning rate that decays geometrically from lr to lr_final over the first
  // lr_decay_iters iterations, then stays (lr_final 0: lr throughout). Why: a rate that learns
  // a toy's plan in seconds keeps jostling it afterwards; the schedule depends on the
  // iteration alone, so a resumed or distributed run follows the same one.
  double lr_final = 0;
  int64_t lr_decay_iters = 0;
  // The iteration the decay counts from: a warm start to new settings (the studio's eps dial)
  // restarts it there, so the model catches up at the full rate.
  int64_t lr_decay_start = 0;
};

// How fresh (not replayed) chains start: "source" draws y ~ N(x, eps I), the exact
// conditional for f = 0 under the quadratic cost; "noise" draws y ~ N(0, init_std^2 I).
struct ChainInit {
  std::string kind = "source";
  double std = 1.0;
};

struct Scene {
  std::string name;
  std::string description;
  nlohmann::json source;  // distribution specs, see make_distribution
  nlohmann::json target;
  double eps = 0.1;  // eps-conditioned scenes: the default eps to evaluate at, in the range
  std::string cost = "squared-euclidean";
  PotentialSpec potential;  // potential.eps_range: the trained range of an eps-conditioned scene
  LangevinSettings sampler;
  ChainInit init;
  ReplaySettings replay;
  OptimizerSettings optimizer;
  int64_t seed = 0;
  // Image scenes: the target is the latent prior N(0, I) of a generator G and the
  // cost c(x, z) = 1/2 |G(z) - x|^2 (cost "generator"). Null for point scenes. Either
  //   {"builtin": "fashion-mnist", "class": "ankle-boot", "z_dim": 16}  (fitted once, cached)
  //   {"path": "afhqdog-256.pt", "z_dim": 512}  (a TorchScript export or a fit-generator dir)
  nlohmann::json generator;
  // The class a translation should land in, for evaluation ("" when not known).
  std::string target_class;
  int64_t source_dim = 0;  // a source point's dimension (pixels, flattened, for image scenes)
  bool image_scene() const { return !generator.is_null(); }
};

// Validates every field; throws InputError naming origin and the field. The potential's
// input dimension is taken from the target distribution.
Scene parse_scene(const nlohmann::json& doc, const std::string& origin);
// As above, with relative data file names resolved against data_dir (a checkpoint's
// directory, whose config.json is not the scene file itself).
Scene parse_scene(const nlohmann::json& doc, const std::string& origin, const std::string& data_dir);
nlohmann::json scene_to_json(const Scene& scene);

// A preset name (e.g. "swissroll") or a path to a scene file.
Scene load_scene(const std::string& name_or_file);

struct PresetInfo {
  std::string name;
  std::string description;
};
std::vector<PresetInfo> list_presets();

}  // namespace egeot
