#include "test_prelude.h"

#include "core/dist/dist_error.h"
#include "core/dist/gradient_all_reducer.h"
#include "core/dist/loopback_ranks.h"
#include "core/dist/master_address.h"
#include "core/dist/process_group.h"
#include "core/dist/replica_check.h"
#include "core/dist/step_agreement.h"
#include "core/nets/potential.h"
#include "core/scenes/scene.h"
#include "core/train/egeot_trainer.h"

#include <chrono>
#include <mutex>
#include <thread>

using namespace egeot;

namespace {

// Runs body(group) for every rank of a fresh loopback group; returns each rank's error message
// ("" when none). Every wait is bounded by the group's timeout.
std::vector<std::string> run_ranks(int world, std::chrono::milliseconds timeout,
                                   const std::function<void(ProcessGroup&)>& body) {
  std::vector<std::string> messages;
  for (const auto& e : run_loopback_ranks(world, timeout, body)) {
    std::string message;
    try {
      if (e) std::rethrow_exception(e);
    } catch (const std::exception& x) {
      message = x.what();
    }
    messages.push_back(message);
  }
  return messages;
}

// Trainers seed torch's one global generator and draw their first weights from it: built one
// at a time, every rank's start is the same (as in separate processes).
std::mutex building;
std::unique_ptr<EgeotTrainer> build_trainer(const Scene& scene) {
  std::lock_guard<std::mutex> lock(building);
  return std::make_unique<EgeotTrainer>(scene, torch::kCPU);
}

Scene small_scene() {
  Scene scene = load_scene("8gaussians");
  scene.optimizer.batch = 64;
  return scene;
}

// The trainer's loss on fixed negatives and positives: mean g(y-) - mean g(y+).
void backward_loss(Potential& potential, const torch::Tensor& y_neg, const torch::Tensor& y_pos) {
  potential->zero_grad();
  const int64_t n = y_neg.size(0);
  auto g = potential->forward(torch::cat({y_neg, y_pos}));
  (g.slice(0, 0, n).mean() - g.slice(0, n).mean()).backward();
}

torch::Tensor flat_gradient(Potential& potential) {
  std::vector<torch::Tensor> parts;
  for (const auto& p : potential->parameters()) parts.push_back(p.grad().reshape(-1).clone());
  return torch::cat(parts);
}

}  // namespace

TEST_SUITE("data_parallel") {
  TEST_CASE("two ranks with half the batch each hold one process's full-batch gradient") {
    const Scene scene = small_scene();
    const int64_t batch = scene.optimizer.batch;
    torch::manual_seed(11);
    const auto y_neg = torch::randn({batch, 2}) * 2;  // fixed chains
    const auto y_pos = torch::randn({batch, 2}) * 2;  // fixed samples
    torch::manual_seed(scene.seed);
    Potential single(scene.potential);
    backward_loss(single, y_neg, y_pos);
    const auto expected = flat_gradient(single);

    std::vector<torch::Tensor> got(2);
    std::vector<int64_t> bytes(2);
    const auto errors = run_ranks(2, std::chrono::seconds(20), [&](ProcessGroup& group) {
      const int r = group.rank();
      Potential potential(scene.potential);
      torch::NoGradGuard no_grad;
      const auto a = single->parameters();
      const auto b = potential->parameters();
      for (size_t i = 0; i < a.size(); ++i) b[i].copy_(a[i]);  // the same network on every rank
      {
        torch::AutoGradMode grad(true);
        const int64_t half = batch / 2;
        backward_loss(potential, y_neg.slice(0, r * half, (r + 1) * half),
                      y_pos.slice(0, r * half, (r + 1) * half));
      }
      GradientAllReducer reduce(group);
      reduce(potential->parameters());
      got[r] = flat_gradient(potential);
      bytes[r] = reduce.bucket_bytes();
    });
    REQUIRE(errors[0] == "");
    REQUIRE(errors[1] == "");
    // Float sums in another order: equal to a few ulps of the gradient's scale.
    const double scale = expected.abs().max().item<double>();
    CHECK(torch::equal(got[0], got[1]));  // every rank holds the very same numbers
    CHECK((got[0] - expected).abs().max().item<double>() <= 1e-5 * scale);
    CHECK(bytes[0] == expected.numel() * 4);
  }

  TEST_CASE("ranks given different scenes or weights are refused at start, naming the ranks") {
    Scene a = small_scene(), b = small_scene();
    b.eps = 0.2;
    const auto scene_errors = run_ranks(2, std::chrono::seconds(20), [&](ProcessGroup& group) {
      check_same_run(group, *build_trainer(group.rank() == 0 ? a : b));
    });
    for (const auto& e : scene_errors)
      CHECK(test::contains(e, "rank 1's scene differs from rank 0's"));
    CHECK(test::contains(scene_errors[0], "rank 0: "));
    CHECK(test::contains(scene_errors[1], "rank 1: "));

    Scene c = small_scene();
    const auto weight_errors = run_ranks(2, std::chrono::seconds(20), [&](ProcessGroup& group) {
      auto trainer = build_trainer(c);
      if (group.rank() == 1) {
        torch::NoGradGuard no_grad;
        trainer->potential()->parameters()[0].add_(1e-3);
      }
      check_same_run(group, *trainer);
    });
    for (const auto& e : weight_errors)
      CHECK(test::contains(e, "rank 1's weights differs from rank 0's"));

    const auto flag_errors = run_ranks(2, std::chrono::seconds(20), [&](ProcessGroup& group) {
      check_same_run(group, *build_trainer(c), group.rank() == 0 ? "iters=10" : "iters=20");
    });
    for (const auto& e : flag_errors)
      CHECK(test::contains(e, "rank 1's flags differs from rank 0's"));
  }

  TEST_CASE("identical replicas pass the replica check; a drifted one stops every rank") {
    const Scene scene = small_scene();
    const auto errors = run_ranks(2, std::chrono::seconds(20), [&](ProcessGroup& group) {
      auto trainer = build_trainer(scene);
      check_replicas(group, *trainer);  // equal: no error
      if (group.rank() == 1) {
        torch::NoGradGuard no_grad;
        trainer->potential()->parameters()[0][0].add_(1e-6);
      }
      check_replicas(group, *trainer);
    });
    for (const auto& e : errors)
      CHECK(test::contains(e, "weights, weight average or optimiser state differ"));
  }

  TEST_CASE("data-parallel trainers agree after steps on their own samples") {
    const Scene scene = small_scene();
    std::vector<int64_t> calls(2);
    const auto errors = run_ranks(2, std::chrono::seconds(20), [&](ProcessGroup& group) {
      auto built = build_trainer(scene);
      EgeotTrainer& trainer = *built;
      check_same_run(group, trainer);
      GradientAllReducer reduce(group);
      trainer.set_data_parallel(2, [&](const std::vector<torch::Tensor>& p) { reduce(p); });
      CHECK(trainer.buffer().capacity() == (scene.replay.capacity + 1) / 2);
      for (int i = 0; i < 5; ++i) {
        trainer.step();
        agree_on_step(group, false, false);
      }
      check_replicas(group, trainer);
      calls[group.rank()] = reduce.calls();
    });
    CHECK(errors[0] == "");
    CHECK(errors[1] == "");
    CHECK(calls[0] == 5);
  }

  TEST_CASE("a rank that is gone turns the next all-reduce into an error within the timeout") {
    using Clock = std::chrono::steady_clock;
    const auto timeout = std::chrono::seconds(3);
    double waited = 0;
    const auto errors = run_ranks(2, timeout, [&](ProcessGroup& group) {
      auto t = torch::ones({4});
      group.all_reduce_sum(t, "the warm-up all-reduce");
      if (group.rank() == 1) return;  // leaves: its group closes its connections
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      const auto t0 = Clock::now();
      try {
        group.all_reduce_sum(t, "the gradient all-reduce");
      } catch (...) {
        waited = std::chrono::duration<double>(Clock::now() - t0).count();
        throw;
      }
    });
    CHECK(test::contains(errors[0], "rank 0: the gradient all-reduce failed"));
    CHECK(errors[1] == "");
    CHECK(waited < 3.0 + 2.0);  // the timeout, and scheduling slack on a loaded machine
  }

  TEST_CASE("--master is HOST:PORT") {
    CHECK(parse_master_address("127.0.0.1:29500").port == 29500);
    CHECK(parse_master_address("node-3.cluster:80").host == "node-3.cluster");
    for (const char* bad :
         {"127.0.0.1", ":29500", "host:", "host:0", "host:65536", "host:12x", "host:-1"}) {
      CHECK(
          test::contains(test::error_of([&] { parse_master_address(bad); }), "expected HOST:PORT"));
    }
  }
}
