#include "core/scenes/scene.h"

#include "base/assets.h"
#include "base/error.h"
#include "base/json_fields.h"
#include "core/data/distribution_factory.h"
#include "core/data/image_distribution.h"
#include "core/ot/cost.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;

namespace egeot {
namespace {

constexpr int64_t kMaxSize = 1 << 24;  // generous bound on batch, buffer and widths
// What building a trainer allocates, bounded so that a scene (or a checkpoint's config.json)
// of a few hundred bytes cannot ask for terabytes: widths [16777216, 16777216] did. Both are
// far above any preset (the largest: 0.8 M parameters, 26 M buffer floats).
constexpr double kMaxParameters = 1 << 26;       // 256 MiB of float32
constexpr double kMaxBufferFloats = 1 << 28;     // 1 GiB of float32

// The potential's parameter count, in double (widths are up to 2^24 each).
double parameter_count(const PotentialSpec& p) {
  double count = 0, in = static_cast<double>(p.dim) + (p.eps_range.active() ? 1 : 0);
  for (auto w : p.widths) {
    count += (in + 1) * w + (p.eps_range.active() ? 66.0 * w : 0.0);  // FiLM heads: 32 -> 2 w
    in = static_cast<double>(w);
  }
  return count + in + 1;
}

std::string presets_dir() { return asset_path("scenes"); }

// An image scene's generator entry, its implied cost, and its target: the latent prior.
void parse_generator(const JsonFields& root, Scene& s) {
  auto g = root.child("generator");
  if (g.has("builtin") == g.has("path")) g.fail("builtin", "exactly one of \"builtin\" or \"path\"");
  // Stored with its defaults filled in, so loading it (scene_cost.cpp) reads no defaults again.
  s.generator = g.raw();
  int64_t z_dim = 0;
  if (g.has("builtin")) {
    if (g.string("builtin") != "fashion-mnist") g.fail("builtin", "\"fashion-mnist\" (the dataset egeot fits its own generator on)");
    g.string("class");
    z_dim = s.generator["z_dim"] = g.integer_or("z_dim", 16, 1, 4096);
    s.generator["iters"] = g.integer_or("iters", 2000, 1, 10000000);
  } else {
    g.string("path");
    z_dim = g.integer("z_dim", 1, 1 << 20);
  }
  s.target_class = root.string_or("target_class", g.has("class") ? g.string("class") : "");
  if (root.has("cost") && root.string("cost") != "generator") {
    root.fail("cost", "\"generator\" (or no cost) in a scene with a generator");
  }
  s.cost = "generator";
  const nlohmann::json prior = {{"type", "gaussian"}, {"dim", z_dim}, {"mean", 0.0}, {"std", 1.0}};
  if (root.has("target")) {
    auto t = root.child("target");
    if (t.string("type") != "gaussian" || t.integer_or("dim", 2, 1, 1 << 20) != z_dim ||
        t.number_or("mean", 0.0, -1e6, 1e6) != 0.0 || t.positive_or("std", 1.0) != 1.0) {
      t.fail("type", "the generator's latent prior {\"type\": \"gaussian\", \"dim\": " +
                         std::to_string(z_dim) + "} (or no target)");
    }
  }
  s.target = prior;
  auto source = root.child("source");
  if (source.string("type") != "images") source.fail("type", "\"images\" in a scene with a generator");
}

}  // namespace

Scene parse_scene(const nlohmann::json& doc, const std::string& origin) {
  // Data files are named relative to the scene file (origin, when it is one).
  std::error_code ec;
  return parse_scene(doc, origin,
                     fs::is_regular_file(origin, ec) ? fs::path(origin).parent_path().string() : "");
}

Scene parse_scene(const nlohmann::json& doc, const std::string& origin, const std::string& data_dir) {
  JsonFields root(doc, origin);
  Scene s;
  s.name = root.string_or("name", fs::path(origin).stem().string());
  s.description = root.string_or("description", "");
  s.source = with_data_paths(root.child("source").raw(), data_dir);
  s.target = root.has("generator") ? nlohmann::json() : with_data_paths(root.child("target").raw(), data_dir);
  // eps-conditioned scenes: "eps_range": [min, max] trains one potential for the
  // whole range; "eps" is then where it is evaluated by default (the range's geometric mean
  // when absent) and must lie in the range.
  if (root.has("eps_range")) {
    const auto& r = root.raw().at("eps_range");
    const std::string expected = "[min, max] with 0 < min < max";
    if (!r.is_array() || r.size() != 2 || !r[0].is_number() || !r[1].is_number()) root.fail("eps_range", expected);
    const double lo = r[0].get<double>(), hi = r[1].get<double>();
    if (!(std::isfinite(lo) && std::isfinite(hi) && lo > 0 && lo < hi)) root.fail("eps_range", expected);
    s.potential.eps_range = {lo, hi, root.positive_or("eps_knee", 1.0)};
    s.eps = root.has("eps") ? root.positive("eps") : std::sqrt(lo * hi);
    if (!s.potential.eps_range.contains(s.eps)) {
      root.fail("eps", "a value in eps_range " + s.potential.eps_range.text());
    }
  } else {
    if (root.has("eps_knee")) root.fail("eps_knee", "no eps_knee without an eps_range");
    s.eps = root.positive("eps");
  }
  if (root.has("generator")) {
    parse_generator(root, s);
  } else {
    s.cost = root.string_or("cost", "squared-euclidean");
    if (!make_cost(s.cost)) root.fail("cost", "one of " + cost_names());
  }

  // Image sources are checked, not loaded: their files are read when a trainer is built.
  s.source_dim = s.image_scene() ? image_spec_dim(s.source, origin, "source")
                                 : make_distribution(s.source, origin, "source")->dim();
  auto target = make_distribution(s.target, origin, "target");
  if (!s.image_scene() && s.source_dim != target->dim()) {
    throw InputError(origin + ": fields 'source' and 'target': the " + s.cost +
                     " cost needs equal dimensions, got " + std::to_string(s.source_dim) +
                     " and " + std::to_string(target->dim()));
  }

  auto net = root.child_or_empty("potential");
  s.potential.dim = target->dim();
  // (s.potential.eps_range was set with eps above.)
  if (net.has("widths")) s.potential.widths = net.integers("widths", 1, kMaxSize);
  s.potential.activation = net.string_or("activation", s.potential.activation);
  if (!known_activation(s.potential.activation)) {
    net.fail("activation", "one of " + activation_names());
  }
  s.potential.negative_slope = net.number_or("negative_slope", 0.2, 0.0, 1.0);
  if (parameter_count(s.potential) > kMaxParameters) {
    net.fail("widths", "a network of at most 2^26 parameters for inputs of dimension " +
                           std::to_string(s.potential.dim));
  }

  auto sampler = root.child_or_empty("sampler");
  s.sampler.steps = sampler.integer_or("steps", s.sampler.steps, 1, 100000);
  s.sampler.noise = sampler.positive_or("noise", s.sampler.noise);
  s.sampler.score_coef = sampler.positive_or("score_coef", s.sampler.score_coef);
  s.sampler.decay = sampler.number_or("decay", 1.0, 1e-6, 1.0);
  s.sampler.grad_clip = sampler.number_or("grad_clip", 0.0, 0.0, 1e12);
  s.sampler.gradient = sampler.string_or("gradient", s.sampler.gradient);
  if (!known_gradient(s.sampler.gradient)) sampler.fail("gradient", gradient_names());
  s.sampler.kind = sampler.string_or("kind", s.sampler.kind);
  if (!known_sampler_kind(s.sampler.kind)) sampler.fail("kind", sampler_kind_names());
  s.sampler.leapfrog = sampler.integer_or("leapfrog", s.sampler.leapfrog, 1, 10000);
  if (sampler.has("step")) s.sampler.step = sampler.positive("step");
  if (sampler.has("target_accept")) {
    s.sampler.target_accept = sampler.number("target_accept", 0.0, 1.0);
    if (!(s.sampler.target_accept > 0 && s.sampler.target_accept < 1)) {
      sampler.fail("target_accept", "a number in (0, 1)");
    }
  }
  s.sampler.adapt_steps = sampler.integer_or("adapt_steps", s.sampler.adapt_steps, 0, 100000);
  // Image scenes start fresh chains from the prior: z and x live in different spaces.
  s.init.kind = sampler.string_or("init", s.image_scene() ? "noise" : s.init.kind);
  if (s.init.kind != "source" && s.init.kind != "noise") {
    sampler.fail("init", "\"source\" or \"noise\"");
  }
  if (s.image_scene() && s.init.kind == "source") {
    sampler.fail("init", "\"noise\" in an image scene (latents and images differ in dimension)");
  }
  s.init.std = sampler.positive_or("init_std", s.init.std);

  // The prior anchor (potential.h) is on by default where the target is a generator's prior.
  if (net.has("prior_anchor") ? net.boolean("prior_anchor") : s.image_scene()) {
    s.potential.prior_anchor = s.sampler.noise * s.sampler.noise / s.sampler.score_coef;
  }

  auto replay = root.child_or_empty("replay");
  s.replay.probability = replay.number_or("probability", s.replay.probability, 0.0, 1.0);
  s.replay.capacity = replay.integer_or("capacity", s.replay.capacity, 1, kMaxSize);
  if (static_cast<double>(s.replay.capacity) * static_cast<double>(s.potential.dim + s.source_dim) >
      kMaxBufferFloats) {
    replay.fail("capacity", "at most 2^28 floats of chains (" +
                                std::to_string(s.potential.dim + s.source_dim) + " per chain)");
  }
  s.replay.mode = replay.string_or("mode", s.replay.mode);
  if (s.replay.mode != "fork" && s.replay.mode != "persistent") {
    replay.fail("mode", "\"fork\" or \"persistent\"");
  }

  auto opt = root.child_or_empty("optimizer");
  s.optimizer.lr = opt.positive_or("lr", s.optimizer.lr);
  s.optimizer.beta1 = opt.number_or("beta1", s.optimizer.beta1, 0.0, 0.999999);
  s.optimizer.beta2 = opt.number_or("beta2", s.optimizer.beta2, 0.0, 0.999999);
  s.optimizer.batch = opt.integer_or("batch", s.optimizer.batch, 1, kMaxSize);
  s.optimizer.ema = opt.number_or("ema", s.optimizer.ema, 0.0, 0.999999);
  s.optimizer.lr_final = opt.number_or("lr_final", s.optimizer.lr_final, 0.0, s.optimizer.lr);
  s.optimizer.lr_decay_iters = opt.integer_or("lr_decay_iters", s.optimizer.lr_decay_iters, 0, kMaxSize);
  s.optimizer.lr_decay_start = opt.integer_or("lr_decay_start", s.optimizer.lr_decay_start, 0, int64_t{1} << 53);
  if (s.optimizer.lr_final > 0 && s.optimizer.lr_decay_iters == 0) {
    opt.fail("lr_decay_iters", "the iterations lr decays over (at least 1) when lr_final is set");
  }

  s.seed = root.integer_or("seed", 0, 0, (int64_t{1} << 53));
  return s;
}

nlohmann::json scene_to_json(const Scene& s) {
  nlohmann::json j = {
      {"name", s.name},
      {"description", s.description},
      {"source", s.source},
      {"target", s.target},
      {"eps", s.eps},
      {"cost", s.cost},
      {"potential",
       {{"widths", s.potential.widths},
        {"activation", s.potential.activation},
        {"negative_slope", s.potential.negative_slope},
        {"prior_anchor", s.potential.prior_anchor > 0}}},
      {"sampler",
       {{"steps", s.sampler.steps},
        {"noise", s.sampler.noise},
        {"score_coef", s.sampler.score_coef},
        {"decay", s.sampler.decay},
        {"grad_clip", s.sampler.grad_clip},
        {"gradient", s.sampler.gradient},
        {"kind", s.sampler.kind},
        {"leapfrog", s.sampler.leapfrog},
        {"adapt_steps", s.sampler.adapt_steps},
        {"init", s.init.kind},
        {"init_std", s.init.std}}},
      {"replay",
       {{"probability", s.replay.probability}, {"capacity", s.replay.capacity}, {"mode", s.replay.mode}}},
      {"optimizer",
       {{"lr", s.optimizer.lr},
        {"beta1", s.optimizer.beta1},
        {"beta2", s.optimizer.beta2},
        {"batch", s.optimizer.batch},
        {"ema", s.optimizer.ema},
        {"lr_final", s.optimizer.lr_final},
        {"lr_decay_iters", s.optimizer.lr_decay_iters},
        {"lr_decay_start", s.optimizer.lr_decay_start}}},
      {"seed", s.seed},
  };
  if (s.image_scene()) {
    j["generator"] = s.generator;
    if (!s.target_class.empty()) j["target_class"] = s.target_class;
  }
  // Unset (0: the noise sigma; no adaptation) is written as absent, as the parser reads it.
  if (s.sampler.step > 0) j["sampler"]["step"] = s.sampler.step;
  if (s.sampler.target_accept > 0) j["sampler"]["target_accept"] = s.sampler.target_accept;
  if (s.potential.eps_range.active()) {
    j["eps_range"] = {s.potential.eps_range.min, s.potential.eps_range.max};
    j["eps_knee"] = s.potential.eps_range.knee;
  }
  return j;
}

Scene load_scene(const std::string& name_or_file) {
  const std::string preset = presets_dir() + "/" + name_or_file + ".json";
  const bool looks_like_path = name_or_file.find('/') != std::string::npos ||
                               (name_or_file.size() > 5 &&
                                name_or_file.substr(name_or_file.size() - 5) == ".json");
  if (!looks_like_path) {
    if (!fs::exists(preset)) {
      std::string names;
      for (const auto& p : list_presets()) names += (names.empty() ? "" : ", ") + p.name;
      throw InputError("--scene '" + name_or_file + "': no such preset (presets: " + names +
                       "; or give a path to a .json scene file)");
    }
    return parse_scene(read_json_file(preset), preset);
  }
  return parse_scene(read_json_file(name_or_file), name_or_file);
}

std::vector<PresetInfo> list_presets() {
  std::vector<PresetInfo> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(presets_dir(), ec)) {
    if (entry.path().extension() != ".json") continue;
    PresetInfo info{entry.path().stem().string(), ""};
    try {
      auto doc = read_json_file(entry.path().string());
      info.description = doc.value("description", "");
    } catch (const InputError& e) {
      info.description = std::string("(unreadable: ") + e.what() + ")";
    }
    out.push_back(info);
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return out;
}

}  // namespace egeot
