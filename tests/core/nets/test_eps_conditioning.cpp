// eps as a dial: the conditioned potential, per-chain Langevin, the buffer's eps,
// scene and checkpoint round trips, range errors, and the truths that follow eps.
#include "test_prelude.h"

#include "core/train/checkpoint.h"
#include "eval/eps_truth_cache.h"
#include "base/error.h"
#include "base/json_fields.h"
#include "eval/scene_truth.h"

#include <cmath>

using namespace egeot;

namespace {

Scene conditioned_swissroll() {
  Scene s = load_scene("swissroll");
  s.potential.eps_range = {0.05, 10, 1.0};
  s.eps = 1.0;
  s.optimizer.batch = 32;
  s.sampler.steps = 3;
  return s;
}

// g = 0 on an eps-conditioned network (range [0.05, 10], knee 1).
Potential zero_conditioned_potential() {
  PotentialSpec spec;
  spec.widths = {8};
  spec.eps_range = {0.05, 10, 1.0};
  Potential g(spec);
  torch::NoGradGuard no_grad;
  for (auto& p : g->parameters()) p.zero_();
  return g;
}

constexpr double kNoise = 0.3;  // sigma_inf of the samplers below

// Per-chain ULA over the quadratic cost with knee 1.
LangevinSampler quadratic_sampler() {
  LangevinSettings settings;
  settings.noise = kNoise;
  return LangevinSampler(settings, 1.0, std::make_shared<SquaredEuclideanCost>(), 1.0);
}

// With g = 0 and cost 1/2|x - y|^2, ULA with step h on N(x, eps) has stationary variance
// eps / (1 - h/(4 eps)), h = sigma(eps)^2 = sigma^2 eps/(eps + knee). Checks the n chains
// of y at rows [k n, (k + 1) n): variance (sample sd of 2n values 0.7 %, bound 3 %) and mean
// 0.5 (sd sqrt(eps/(2n)) per coordinate average; 5 sd).
void check_gaussian_block(const torch::Tensor& y, int64_t k, int64_t n, double eps) {
  const double h = kNoise * kNoise * eps / (eps + 1.0);
  const double expected = eps / (1 - h / (4 * eps));
  auto part = y.slice(0, k * n, (k + 1) * n).to(torch::kFloat64);
  CHECK(part.var(0).mean().item<double>() == doctest::Approx(expected).epsilon(0.03));
  CHECK(std::abs(part.mean().item<double>() - 0.5) < 5 * std::sqrt(eps / (2.0 * n)));
}

nlohmann::json minimal_conditioned_scene() {
  return {{"source", {{"type", "gaussian"}}}, {"target", {{"type", "swissroll"}}}};
}

}  // namespace

TEST_SUITE("eps_conditioning") {
  TEST_CASE("the conditioned potential depends on eps and takes it per sample") {
    PotentialSpec spec;
    spec.widths = {16, 16};
    spec.eps_range = {0.05, 10, 1.0};
    Potential g(spec);
    CHECK(g->conditioned());
    torch::manual_seed(1);
    for (auto& p : g->parameters()) {
      torch::NoGradGuard no_grad;
      p.normal_(0, 0.5);  // FiLM heads start at zero; give them weight so eps matters everywhere
    }
    auto y = torch::randn({4, 2});
    auto a = g->forward(y, torch::full({4}, 0.1));
    auto b = g->forward(y, torch::full({4}, 5.0));
    CHECK(a.sizes() == torch::IntArrayRef{4});
    CHECK((a - b).abs().max().item<double>() > 1e-3);
    // Per sample: row i at eps_i is the same as row i alone at eps_i.
    auto mixed = g->forward(y, torch::tensor({0.1f, 5.0f, 0.1f, 5.0f}));
    CHECK(mixed[1].item<float>() == doctest::Approx(b[1].item<float>()).epsilon(1e-5));
    CHECK(mixed[2].item<float>() == doctest::Approx(a[2].item<float>()).epsilon(1e-5));
    CHECK_THROWS(g->forward(y));  // a conditioned network needs eps
    // The feature maps the range's ends onto -1 and 1.
    auto t = eps_feature(torch::tensor({0.05, 10.0}, torch::kFloat64), spec.eps_range);
    CHECK(t[0][0].item<double>() == doctest::Approx(-1));
    CHECK(t[1][0].item<double>() == doctest::Approx(1));
  }

  TEST_CASE("per-chain Langevin: f = 0 gives N(x, eps_i I) with each chain's own step") {
    auto g = zero_conditioned_potential();
    auto sampler = quadratic_sampler();
    torch::manual_seed(2);
    const int64_t n = 20000;
    const double eps_values[3] = {0.1, 1.0, 8.0};
    auto eps = torch::cat({torch::full({n}, eps_values[0]), torch::full({n}, eps_values[1]),
                           torch::full({n}, eps_values[2])});
    auto x = torch::full({3 * n, 2}, 0.5);
    auto y = sampler.run(g, x, x.clone(), eps, 1500);
    for (int k = 0; k < 3; ++k) check_gaussian_block(y, k, n, eps_values[k]);
  }

  TEST_CASE("tempering: eps falls geometrically to each chain's own, and the chains end at its law") {
    const EpsAnneal anneal{10.0, 100, 0};
    auto eps = torch::tensor({0.1, 1.0}, torch::kFloat64);
    auto at = [&](const EpsAnneal& a, int64_t k) { return annealed_eps(eps, a, k); };
    CHECK(at(anneal, 0)[0].item<double>() == doctest::Approx(10.0));
    CHECK(at(anneal, 50)[0].item<double>() == doctest::Approx(1.0));  // sqrt(10 * 0.1)
    CHECK(at(anneal, 50)[1].item<double>() == doctest::Approx(std::sqrt(10.0)));
    CHECK(torch::equal(at(anneal, 100), eps));
    CHECK(torch::equal(at(anneal, 250), eps));
    CHECK(at(EpsAnneal{10.0, 100, 50}, 0)[0].item<double>() == doctest::Approx(1.0));  // offset
    CHECK(torch::equal(at(EpsAnneal{}, 0), eps));                                      // inactive
    CHECK_FALSE(EpsAnneal{10.0, 0, 0}.active());

    // Chains far from x, tempered from eps 10 over 300 steps, then 1200 at their own eps:
    // g = 0 and the quadratic cost give N(x, eps_i) up to the ULA bias, as without tempering.
    auto g = zero_conditioned_potential();
    auto sampler = quadratic_sampler();
    torch::manual_seed(3);
    const int64_t n = 20000;
    const double eps_values[2] = {0.1, 1.0};
    auto chain_eps = torch::cat({torch::full({n}, eps_values[0]), torch::full({n}, eps_values[1])});
    auto x = torch::full({2 * n, 2}, 0.5);
    LangevinTrace trace;
    auto y = sampler.run(g, x, x + 6.0, chain_eps, 1500, &trace, 0, EpsAnneal{10.0, 300, 0});
    // The first step's noise is sigma(10) for every chain: E|sigma xi| = sigma sqrt(pi/2).
    const double sigma10 = conditioned_noise(kNoise, 10.0, 1.0);
    CHECK(trace.noise[0] == doctest::Approx(sigma10 * std::sqrt(M_PI / 2)).epsilon(0.02));
    double last = 0;
    for (double e : eps_values) last += conditioned_noise(kNoise, e, 1.0) * std::sqrt(M_PI / 2) / 2;
    CHECK(trace.noise[1499] == doctest::Approx(last).epsilon(0.02));
    for (int k = 0; k < 2; ++k) check_gaussian_block(y, k, n, eps_values[k]);
  }

  TEST_CASE("the replay buffer keeps each chain's eps with its x, through state and restore") {
    ReplayBuffer buffer(50, 1, 1, torch::kCPU, /*with_eps=*/true);
    auto x = torch::arange(0, 40, torch::kFloat).unsqueeze(1);
    buffer.push(x * 2, x, x.squeeze(1) + 100);
    auto d = buffer.sample_chains(300);
    CHECK(torch::equal(d.y, d.x * 2));
    CHECK(torch::equal(d.eps, d.x.squeeze(1) + 100));
    auto t = buffer.take(10);
    CHECK(torch::equal(t.eps, t.x.squeeze(1) + 100));
    ReplayBuffer other(50, 1, 1, torch::kCPU, true);
    other.restore(buffer.state());
    auto d2 = other.sample_chains(300);
    CHECK(torch::equal(d2.eps, d2.x.squeeze(1) + 100));
    ReplayBuffer single(50, 1, 1, torch::kCPU);
    CHECK_THROWS_AS(single.restore(buffer.state()), std::invalid_argument);
    CHECK_THROWS_AS(other.restore(single.state()), std::invalid_argument);
  }

  TEST_CASE("scene eps_range: parsed, defaulted, round-tripped and validated") {
    auto doc = minimal_conditioned_scene();
    doc["eps_range"] = {0.04, 25};
    Scene s = parse_scene(doc, "s.json");
    CHECK(s.potential.eps_range.active());
    CHECK(s.eps == doctest::Approx(1.0));  // the geometric mean when eps is absent
    CHECK(s.potential.eps_range.knee == 1.0);
    auto again = parse_scene(scene_to_json(s), "again.json");
    CHECK(again.potential == s.potential);
    CHECK(again.eps == s.eps);
    // A single-eps scene's JSON is unchanged by the feature.
    auto single = minimal_conditioned_scene();
    single["eps"] = 0.1;
    CHECK_FALSE(scene_to_json(parse_scene(single, "x.json")).contains("eps_range"));

    auto bad = [&](nlohmann::json range, const std::string& msg) {
      auto d = minimal_conditioned_scene();
      d["eps_range"] = range;
      CHECK_THROWS_WITH_AS(parse_scene(d, "s.json"), doctest::Contains(msg.c_str()), InputError);
    };
    bad({10, 0.05}, "s.json: field 'eps_range': expected [min, max] with 0 < min < max");
    bad({1, 1}, "field 'eps_range'");
    bad({-1, 1}, "field 'eps_range'");
    bad({1}, "field 'eps_range'");
    bad("0.05:10", "field 'eps_range'");
    auto outside = minimal_conditioned_scene();
    outside["eps_range"] = {0.05, 10};
    outside["eps"] = 20;
    CHECK_THROWS_WITH_AS(parse_scene(outside, "s.json"),
                         doctest::Contains("field 'eps': expected a value in eps_range [0.05, 10]"),
                         InputError);
    auto knee_alone = single;
    knee_alone["eps_knee"] = 2;
    CHECK_THROWS_WITH_AS(parse_scene(knee_alone, "s.json"), doctest::Contains("field 'eps_knee'"),
                         InputError);
  }

  TEST_CASE("the trainer's dial: range checks, f in true units per eps, set_eps moves every view") {
    EgeotTrainer trainer(conditioned_swissroll(), torch::kCPU);
    for (int i = 0; i < 3; ++i) CHECK(std::isfinite(trainer.step().loss));
    CHECK(trainer.model().eps_conditioned());
    CHECK(trainer.model().eps_range() == std::make_pair(0.05, 10.0));
    CHECK_THROWS_WITH_AS(trainer.model().check_eps(20, "--eps"),
                         "--eps 20: outside the trained range [0.05, 10]", InputError);
    CHECK_THROWS_WITH_AS(trainer.model().set_eps(0.01), "eps 0.01: outside the trained range [0.05, 10]",
                         InputError);
    CHECK(trainer.model().clamp_eps(50) == 10.0);
    CHECK(trainer.model().clamp_eps(0.001) == 0.05);

    // f = s (eps + knee)/sigma^2 g at each eps.
    const auto& sc = trainer.scene();
    auto y = torch::randn({6, 2});
    for (double e : {0.05, 0.7, 10.0}) {
      torch::Tensor g;
      {
        torch::NoGradGuard no_grad;
        g = trainer.model().potential()->forward(y, torch::full({6}, e));
      }
      const double scale =
          sc.sampler.score_coef * (e + 1.0) / (sc.sampler.noise * sc.sampler.noise);
      CHECK(trainer.model().f_scale(e) == doctest::Approx(scale));
      CHECK(torch::allclose(trainer.model().f(y, e), g * scale));
    }
    trainer.model().set_eps(0.7);
    CHECK(trainer.scene().eps == 0.7);
    CHECK(trainer.model().sampler().eps() == 0.7);
    CHECK(torch::equal(trainer.model().f(y), trainer.model().f(y, 0.7)));
    // Samples at a small eps sit closer to their x than at a large one.
    torch::manual_seed(4);
    auto x = torch::zeros({2000, 2});
    auto near = trainer.model().sample_conditional(x, 50, 0.05);
    auto far = trainer.model().sample_conditional(x, 50, 10.0);
    CHECK(near.norm(2, 1).mean().item<double>() < far.norm(2, 1).mean().item<double>());
  }

  TEST_CASE("a single-eps model accepts only its own eps") {
    Scene s = load_scene("swissroll");
    EgeotTrainer trainer(s, torch::kCPU);
    CHECK_FALSE(trainer.model().eps_conditioned());
    CHECK(trainer.model().eps_range() == std::make_pair(s.eps, s.eps));
    CHECK_NOTHROW(trainer.model().set_eps(s.eps));
    CHECK_THROWS_WITH_AS(trainer.model().check_eps(1.0, "--eps"),
                         doctest::Contains("trained at eps 0.1 only"), InputError);
    auto y = torch::randn({3, 2});
    CHECK(torch::equal(trainer.model().f(y, s.eps), trainer.model().f(y)));
  }

  TEST_CASE("checkpoints record the range; conditioned and single-eps never load into each other") {
    auto dir = test::temp_dir("eps-ckpt");
    EgeotTrainer trainer(conditioned_swissroll(), torch::kCPU);
    for (int i = 0; i < 4; ++i) trainer.step();
    save_checkpoint(dir, trainer);
    auto config = read_json_file(dir + "/config.json");
    CHECK(config["eps_range"] == nlohmann::json({0.05, 10}));
    auto loaded = load_checkpoint(dir, torch::kCPU);
    CHECK(loaded->model().eps_conditioned());
    auto y = torch::randn({50, 2});
    for (double e : {0.05, 1.0, 10.0}) CHECK(torch::equal(loaded->model().f(y, e), trainer.model().f(y, e)));
    // The chains came back with their eps.
    auto a = trainer.buffer().state(), b = loaded->buffer().state();
    CHECK(torch::equal(a.eps, b.eps));

    EgeotTrainer single(load_scene("swissroll"), torch::kCPU);
    CHECK_THROWS_WITH_AS(
        load_weights(dir, single),
        doctest::Contains("an eps-conditioned checkpoint (eps range [0.05, 10]) cannot load into a "
                          "single-eps scene"),
        InputError);
    auto single_dir = test::temp_dir("eps-ckpt-single");
    save_checkpoint(single_dir, single);
    CHECK_THROWS_WITH_AS(load_weights(single_dir, *loaded),
                         doctest::Contains("a single-eps checkpoint (eps 0.1"), InputError);
    auto other = conditioned_swissroll();
    other.potential.eps_range.max = 5;
    EgeotTrainer narrower(other, torch::kCPU);
    CHECK_THROWS_WITH_AS(load_weights(dir, narrower),
                         doctest::Contains("trained on eps range [0.05, 10]"), InputError);
  }

  TEST_CASE("truths follow eps: computed once per eps and cached") {
    Scene s = load_scene("gaussians");
    s.potential.eps_range = {0.1, 10, 1.0};
    s.eps = 1.0;
    EgeotTrainer trainer(s, torch::kCPU);
    EpsTruthCache cache(trainer.model(), 300, 0, 2);
    auto g1 = cache.gaussian(0.5);
    REQUIRE(g1);
    auto direct = scene_gaussian_truth(trainer.model(), 0.5);
    CHECK(torch::allclose(g1->joint_covariance, direct->joint_covariance));
    auto g2 = cache.gaussian(3.0);
    CHECK_FALSE(torch::allclose(g1->conditional_matrix, g2->conditional_matrix));
    CHECK(cache.gaussian(0.5).get() == g1.get());  // cached, not recomputed
    auto p = cache.sinkhorn(0.5);
    CHECK(p->eps() == 0.5);
    CHECK(p->report().marginal_error < 1e-2);
    const auto solves = cache.computed();
    CHECK(cache.sinkhorn(0.5).get() == p.get());
    CHECK(cache.computed() == solves);
    // Capacity 2: a third eps evicts the least recently used (3.0), not 0.5.
    cache.gaussian(1.0);
    CHECK(cache.size() == 2);
    CHECK(cache.sinkhorn(0.5).get() == p.get());
    CHECK_THROWS_AS(cache.sinkhorn(-1), InputError);
  }
}
