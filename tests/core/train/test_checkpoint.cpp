#include "test_prelude.h"

#include "core/train/checkpoint.h"
#include "base/error.h"

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace egeot;
namespace fs = std::filesystem;

namespace {

// Without a weight average (the preset keeps one): the live weights are the model.
Scene small_scene() {
  Scene s = load_scene("swissroll");
  s.optimizer.batch = 32;
  s.sampler.steps = 3;
  s.optimizer.ema = 0;
  return s;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_SUITE("checkpoint") {
  TEST_CASE("round trip: the loaded potential gives the same outputs bit for bit") {
    auto dir = test::temp_dir("ckpt-roundtrip");
    EgeotTrainer trainer(small_scene(), torch::kCPU);
    for (int i = 0; i < 5; ++i) trainer.step();
    save_checkpoint(dir, trainer);
    CHECK(fs::exists(dir + "/config.json"));
    CHECK(fs::exists(dir + "/potential-5.pt"));
    // No temporaries are left behind.
    for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().string().find(".tmp") == std::string::npos);

    auto loaded = load_checkpoint(dir, torch::kCPU);
    CHECK(loaded->iteration() == 5);
    CHECK(scene_to_json(loaded->scene()) == scene_to_json(trainer.scene()));
    auto y = torch::randn({100, 2});
    CHECK(torch::equal(loaded->model().f(y), trainer.model().f(y)));
    // The optimiser state came back too: one more step from each gives identical weights.
    torch::manual_seed(9);
    trainer.step();
    torch::manual_seed(9);
    loaded->step();
    CHECK(torch::equal(loaded->model().f(y), trainer.model().f(y)));
  }

  TEST_CASE("the sampler's gradient round-trips, and a config.json without it loads as fused") {
    auto dir = test::temp_dir("ckpt-gradient");
    Scene scene = small_scene();
    scene.sampler.gradient = "autograd";
    EgeotTrainer trainer(scene, torch::kCPU);
    trainer.step();
    save_checkpoint(dir, trainer);
    CHECK(load_checkpoint(dir, torch::kCPU)->scene().sampler.gradient == "autograd");
    // Checkpoints written before the field existed.
    auto config = nlohmann::json::parse(slurp(dir + "/config.json"));
    REQUIRE(config["scene"]["sampler"].erase("gradient") == 1);
    std::ofstream(dir + "/config.json", std::ios::trunc) << config.dump();
    CHECK(load_checkpoint(dir, torch::kCPU)->scene().sampler.gradient == "fused");
  }

  TEST_CASE("a weight average follows the live weights at its decay, is the model, and round-trips") {
    Scene scene = small_scene();
    scene.optimizer.ema = 0.9;
    EgeotTrainer trainer(scene, torch::kCPU);
    REQUIRE(trainer.has_average());
    auto y = torch::randn({50, 2});
    CHECK(torch::equal(trainer.model().f(y), (trainer.potential()->forward(y) * trainer.model().f_scale()).detach()));
    // One step: average = 0.9 start + 0.1 live, parameter by parameter.
    std::vector<torch::Tensor> start;
    for (const auto& p : trainer.potential()->parameters()) start.push_back(p.detach().clone());
    trainer.step();
    auto live = trainer.potential()->parameters();
    auto average = trainer.model().potential()->parameters();
    double moved = 0;
    for (size_t i = 0; i < live.size(); ++i) {
      CHECK(torch::allclose(average[i], 0.9 * start[i] + 0.1 * live[i].detach(), 1e-6, 1e-7));
      CHECK_FALSE(average[i].requires_grad());
      moved += (live[i] - start[i]).abs().sum().item<double>();
    }
    REQUIRE(moved > 0);
    // f and the samplers use the average, not the live weights.
    torch::Tensor g_average, g_live;
    {
      torch::NoGradGuard no_grad;
      g_average = trainer.model().potential()->forward(y) * trainer.model().f_scale();
      g_live = trainer.potential()->forward(y) * trainer.model().f_scale();
    }
    CHECK(torch::equal(trainer.model().f(y), g_average));
    CHECK_FALSE(torch::equal(trainer.model().f(y), g_live));

    for (int i = 0; i < 3; ++i) trainer.step();
    auto dir = test::temp_dir("ckpt-average");
    save_checkpoint(dir, trainer);
    CHECK(fs::exists(dir + "/potential-average-4.pt"));
    auto loaded = load_checkpoint(dir, torch::kCPU);
    CHECK(torch::equal(loaded->model().f(y), trainer.model().f(y)));
    CHECK(torch::equal(loaded->potential()->forward(y), trainer.potential()->forward(y)));
    // The next save replaces the average's file with the new iteration's.
    loaded->step();
    save_checkpoint(dir, *loaded);
    CHECK(fs::exists(dir + "/potential-average-5.pt"));
    CHECK_FALSE(fs::exists(dir + "/potential-average-4.pt"));

    // A checkpoint without an average, loaded by a scene that keeps one, starts it there.
    EgeotTrainer plain(small_scene(), torch::kCPU);
    plain.step();
    auto plain_dir = test::temp_dir("ckpt-no-average");
    save_checkpoint(plain_dir, plain);
    CHECK_FALSE(fs::exists(plain_dir + "/potential-average-1.pt"));
    EgeotTrainer averaged(scene, torch::kCPU);
    load_weights(plain_dir, averaged);
    CHECK(torch::equal(averaged.model().f(y), plain.model().f(y)));
  }

  TEST_CASE("missing and corrupt checkpoints are clear errors") {
    CHECK_THROWS_WITH_AS(load_checkpoint("/nonexistent/run", torch::kCPU),
                         "/nonexistent/run: no such checkpoint directory", InputError);
    auto dir = test::temp_dir("ckpt-corrupt");
    CHECK_THROWS_WITH_AS(load_checkpoint(dir, torch::kCPU), doctest::Contains("config.json: missing"),
                         InputError);

    EgeotTrainer trainer(small_scene(), torch::kCPU);
    save_checkpoint(dir, trainer);

    SUBCASE("corrupt weights") {
      std::ofstream(dir + "/potential-0.pt", std::ios::trunc) << "not a zip archive";
      CHECK_THROWS_WITH_AS(load_checkpoint(dir, torch::kCPU),
                           doctest::Contains("potential-0.pt: size mismatch"), InputError);
      // Without recorded checksums (an older checkpoint) torch's refusal is named instead.
      auto config = nlohmann::json::parse(slurp(dir + "/config.json"));
      config.erase("files");
      std::ofstream(dir + "/config.json", std::ios::trunc) << config.dump();
      CHECK_THROWS_WITH_AS(load_checkpoint(dir, torch::kCPU),
                           doctest::Contains("potential-0.pt: not a readable weights file"), InputError);
    }
    SUBCASE("missing weights") {
      fs::remove(dir + "/potential-0.pt");
      CHECK_THROWS_WITH_AS(load_checkpoint(dir, torch::kCPU), doctest::Contains("potential-0.pt: missing"),
                           InputError);
    }
    SUBCASE("config that is not JSON") {
      std::ofstream(dir + "/config.json", std::ios::trunc) << "{\"format\": ";
      CHECK_THROWS_WITH_AS(load_checkpoint(dir, torch::kCPU), doctest::Contains("not valid JSON"),
                           InputError);
    }
    SUBCASE("config with an out-of-range value") {
      auto config = nlohmann::json::parse(slurp(dir + "/config.json"));
      config["scene"]["eps"] = -0.5;
      std::ofstream(dir + "/config.json", std::ios::trunc) << config.dump();
      CHECK_THROWS_WITH_AS(load_checkpoint(dir, torch::kCPU), doctest::Contains("field 'eps'"),
                           InputError);
    }
    SUBCASE("config of another format") {
      auto config = nlohmann::json::parse(slurp(dir + "/config.json"));
      config["format"] = "something-else/7";
      std::ofstream(dir + "/config.json", std::ios::trunc) << config.dump();
      CHECK_THROWS_WITH_AS(load_checkpoint(dir, torch::kCPU), doctest::Contains("field 'format'"),
                           InputError);
    }
  }

  TEST_CASE("weights of another architecture are refused, not reshaped") {
    auto wide_dir = test::temp_dir("ckpt-wide");
    auto narrow_dir = test::temp_dir("ckpt-narrow");
    Scene wide = small_scene();
    wide.potential.widths = {64, 64};
    EgeotTrainer a(wide, torch::kCPU);
    save_checkpoint(wide_dir, a);
    Scene narrow = small_scene();
    narrow.potential.widths = {32, 32};
    EgeotTrainer b(narrow, torch::kCPU);
    save_checkpoint(narrow_dir, b);
    // As in a checkpoint from before checksums, so swapped weights reach the shape checks.
    auto config = nlohmann::json::parse(slurp(narrow_dir + "/config.json"));
    config.erase("files");
    std::ofstream(narrow_dir + "/config.json", std::ios::trunc) << config.dump();
    // Put the wide network's weights under the narrow network's config.
    fs::copy_file(wide_dir + "/potential-0.pt", narrow_dir + "/potential-0.pt",
                  fs::copy_options::overwrite_existing);
    CHECK_THROWS_WITH_AS(load_checkpoint(narrow_dir, torch::kCPU),
                         doctest::Contains("has shape [64, 2], config.json's network needs [32, 2]"),
                         InputError);
    // A weights file that lacks one of the network's tensors.
    {
      torch::serialize::OutputArchive partial;
      partial.write("net.0.weight", torch::zeros({32, 2}));
      partial.save_to(narrow_dir + "/potential-0.pt");
    }
    CHECK_THROWS_WITH_AS(load_checkpoint(narrow_dir, torch::kCPU),
                         doctest::Contains("has no tensor 'net.0.bias'"), InputError);
  }

  TEST_CASE("a save that fails part-way keeps the previous checkpoint whole") {
    EgeotTrainer trainer(small_scene(), torch::kCPU);
    CHECK_THROWS_AS(save_checkpoint("/proc/egeot-cannot-write", trainer), InputError);
    auto dir = test::temp_dir("ckpt-keep");
    save_checkpoint(dir, trainer);
    auto y = torch::randn({50, 2});
    const auto f_before = trainer.model().f(y);
    trainer.step();
    // A directory where config.json's temporary would go makes the commit step fail.
    fs::create_directory(dir + "/config.json.tmp-" + std::to_string(::getpid()));
    CHECK_THROWS_AS(save_checkpoint(dir, trainer), InputError);
    auto reloaded = load_checkpoint(dir, torch::kCPU);
    CHECK(reloaded->iteration() == 0);
    CHECK(torch::equal(reloaded->model().f(y), f_before));
    CHECK_FALSE(torch::equal(trainer.model().f(y), f_before));
  }
}
