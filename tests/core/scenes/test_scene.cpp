#include "test_prelude.h"

#include "core/train/egeot_trainer.h"
#include "base/error.h"
#include "core/scenes/scene.h"

#include <fstream>

using namespace egeot;

namespace {

nlohmann::json minimal_scene() {
  return nlohmann::json::parse(R"({
    "source": {"type": "gaussian", "dim": 2},
    "target": {"type": "swissroll"},
    "eps": 0.1
  })");
}

// The InputError message for a scene with one field changed.
std::string error_for(const std::string& pointer, const nlohmann::json& value) {
  auto doc = minimal_scene();
  doc[nlohmann::json::json_pointer(pointer)] = value;
  try {
    parse_scene(doc, "bad.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_SUITE("scene") {
  TEST_CASE("every preset parses and round-trips through JSON") {
    auto presets = list_presets();
    REQUIRE(presets.size() >= 6);
    for (const auto& p : presets) {
      CAPTURE(p.name);
      Scene s = load_scene(p.name);
      Scene again = parse_scene(scene_to_json(s), "roundtrip");
      CHECK(scene_to_json(again) == scene_to_json(s));
      CHECK_FALSE(p.description.empty());
    }
    Scene paper = load_scene("swissroll-paper");
    CHECK(paper.optimizer.batch == 1024);
    CHECK(paper.potential.widths == std::vector<int64_t>{256, 256, 256});
    CHECK(paper.sampler.steps == 100);
  }

  TEST_CASE("defaults fill what a minimal scene leaves out") {
    Scene s = parse_scene(minimal_scene(), "min.json");
    CHECK(s.name == "min");
    CHECK(s.potential.activation == "leaky_relu");
    CHECK(s.potential.negative_slope == 0.2);
    CHECK(s.replay.probability == 0.95);
    CHECK(s.replay.mode == "fork");
    CHECK(s.potential.dim == 2);
    CHECK(s.sampler.gradient == "fused");
  }

  TEST_CASE("bad values name the file and the field") {
    CHECK(error_for("/eps", 0.0).find("bad.json: field 'eps': expected a finite number > 0") == 0);
    CHECK(error_for("/eps", -1).find("field 'eps'") != std::string::npos);
    CHECK(error_for("/eps", "0.1").find("field 'eps'") != std::string::npos);
    CHECK(error_for("/optimizer/batch", -5).find("field 'optimizer.batch'") != std::string::npos);
    CHECK(error_for("/sampler/steps", 0).find("field 'sampler.steps'") != std::string::npos);
    CHECK(error_for("/sampler/gradient", "numerical")
              .find("field 'sampler.gradient': expected \"fused\" or \"autograd\", got \"numerical\"") !=
          std::string::npos);
    CHECK(error_for("/potential/widths", nlohmann::json::array({64, -1}))
              .find("field 'potential.widths'") != std::string::npos);
    CHECK(error_for("/potential/activation", "swish").find("one of leaky_relu") != std::string::npos);
    CHECK(error_for("/replay/probability", 1.5).find("field 'replay.probability'") !=
          std::string::npos);
    CHECK(error_for("/replay/mode", "ring").find("field 'replay.mode': expected \"fork\" or \"persistent\"") !=
          std::string::npos);
    CHECK(error_for("/target/type", "banana").find("field 'target.type'") != std::string::npos);
    CHECK(error_for("/cost", "l1").find("field 'cost'") != std::string::npos);
    CHECK(error_for("/source/dim", 3).find("equal dimensions") != std::string::npos);
    auto doc = minimal_scene();
    doc.erase("eps");
    CHECK_THROWS_WITH_AS(parse_scene(doc, "bad.json"),
                         "bad.json: field 'eps': expected a finite number > 0, but it is missing",
                         InputError);
  }

  TEST_CASE("unknown presets, unreadable and malformed files are clear errors") {
    CHECK_THROWS_WITH_AS(load_scene("no-such-scene"),
                         doctest::Contains("no such preset (presets: 8gaussians"), InputError);
    CHECK_THROWS_WITH_AS(load_scene("/nonexistent/x.json"), doctest::Contains("cannot open"),
                         InputError);
    auto dir = test::temp_dir("scene-malformed");
    std::ofstream(dir + "/broken.json") << "{\"eps\": NaN}";
    CHECK_THROWS_WITH_AS(load_scene(dir + "/broken.json"), doctest::Contains("not valid JSON"),
                         InputError);
  }

  TEST_CASE("the prior anchor alone is f = -eps |y|^2 / 2, the independent coupling's potential") {
    for (bool conditioned : {false, true}) {
      CAPTURE(conditioned);
      auto doc = nlohmann::json::parse(R"({
        "source": {"type": "gaussian", "dim": 3}, "target": {"type": "gaussian", "dim": 3},
        "eps": 0.5, "potential": {"widths": [8], "prior_anchor": true},
        "sampler": {"noise": 0.2, "score_coef": 0.7}})");
      if (conditioned) doc["eps_range"] = {0.1, 10};
      Scene scene = parse_scene(doc, "anchor.json");
      CHECK(scene.potential.prior_anchor == doctest::Approx(0.2 * 0.2 / 0.7));
      EgeotTrainer trainer(scene, torch::kCPU);
      {
        torch::NoGradGuard no_grad;
        for (auto& p : trainer.potential()->parameters()) p.zero_();  // the network adds 0
      }
      torch::manual_seed(2);
      auto y = torch::randn({16, 3});
      for (double eps : conditioned ? std::vector<double>{0.1, 0.5, 7} : std::vector<double>{0.5}) {
        CAPTURE(eps);
        auto expected = -0.5 * eps * y.pow(2).sum(1);
        CHECK(torch::allclose(trainer.model().f(y, eps), expected, 1e-5, 1e-5));
      }
    }
    CHECK(parse_scene(minimal_scene(), "m.json").potential.prior_anchor == 0);  // off for point scenes
  }
}
