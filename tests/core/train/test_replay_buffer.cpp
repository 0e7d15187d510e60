#include "test_prelude.h"

#include "core/train/replay_buffer.h"

using namespace egeot;

TEST_SUITE("replay_buffer") {
  TEST_CASE("replayed chains keep the x they were started for") {
    torch::manual_seed(3);
    ReplayBuffer buffer(100, 2, 2, torch::kCPU);
    auto x = torch::randn({60, 2});
    buffer.push(x * 10 + 1, x);  // y = 10 x + 1 pairs each chain with its x
    auto [y, xs] = buffer.sample(500);
    CHECK(torch::allclose(y, xs * 10 + 1));
    CHECK(buffer.size() == 60);
  }

  TEST_CASE("a full buffer overwrites its oldest chains") {
    ReplayBuffer buffer(5, 1, 1, torch::kCPU);
    buffer.push(torch::arange(0, 4, torch::kFloat).unsqueeze(1), torch::zeros({4, 1}));
    buffer.push(torch::arange(4, 7, torch::kFloat).unsqueeze(1), torch::zeros({3, 1}));
    CHECK(buffer.size() == 5);
    auto [y, x] = buffer.sample(2000);
    // 0 and 1 were overwritten by 5 and 6; every stored value is drawn.
    CHECK(y.min().item<float>() == 2.0f);
    CHECK(y.max().item<float>() == 6.0f);
    CHECK(std::get<0>(at::_unique(y)).numel() == 5);
  }

  TEST_CASE("a push larger than the capacity keeps the newest") {
    ReplayBuffer buffer(3, 1, 1, torch::kCPU);
    buffer.push(torch::arange(0, 10, torch::kFloat).unsqueeze(1), torch::zeros({10, 1}));
    auto [y, x] = buffer.sample(500);
    CHECK(y.min().item<float>() == 7.0f);
    CHECK(buffer.size() == 3);
  }

  TEST_CASE("persistent chains: take draws distinct slots, write_back updates them in place") {
    torch::manual_seed(4);
    ReplayBuffer buffer(50, 1, 1, torch::kCPU);
    auto x = torch::arange(0, 50, torch::kFloat).unsqueeze(1);
    buffer.push(x, x);  // chain i holds y = x = i
    auto taken = buffer.take(30);
    CHECK(std::get<0>(at::_unique(taken.slots)).numel() == 30);
    CHECK(torch::equal(taken.y, taken.x));
    buffer.write_back(taken.slots, taken.y + 100);
    auto state = buffer.state();
    // The continued chains changed in place, kept their x, and nothing was duplicated.
    CHECK(buffer.size() == 50);
    CHECK(std::get<0>(at::_unique(state.xs)).numel() == 50);
    CHECK(((state.ys - state.xs) == 100).sum().item<int64_t>() == 30);
    CHECK(((state.ys - state.xs) == 0).sum().item<int64_t>() == 20);
  }
}
