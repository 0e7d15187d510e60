#include "studio/protocol/snapshot_exchange.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace egeot::studio;
using namespace std::chrono_literals;

namespace {
struct Frame {
  int id = 0;
  std::vector<float> data;
};
}  // namespace

TEST_SUITE("snapshot_exchange") {
  TEST_CASE("the latest published value is read; versions count publishes") {
    SnapshotSlot<Frame> slot;
    CHECK_FALSE(bool(slot.latest()));
    CHECK(slot.version() == 0);
    slot.publish(std::make_shared<const Frame>(Frame{1, {1.0f}}));
    slot.publish(std::make_shared<const Frame>(Frame{2, {2.0f}}));
    REQUIRE(bool(slot.latest()));
    CHECK(slot.latest()->id == 2);
    CHECK(slot.version() == 2);
  }

  TEST_CASE("a reader keeps its snapshot alive and unchanged while newer ones arrive") {
    SnapshotSlot<Frame> slot;
    slot.publish(std::make_shared<const Frame>(Frame{1, std::vector<float>(1000, 1.0f)}));
    auto held = slot.latest();
    for (int i = 2; i < 50; ++i) {
      slot.publish(std::make_shared<const Frame>(Frame{i, std::vector<float>(1000, float(i))}));
    }
    CHECK(held->id == 1);
    CHECK(held->data[999] == 1.0f);
    CHECK(slot.latest()->id == 49);
  }

  TEST_CASE("wait_for wakes on the value it waits for and times out otherwise") {
    SnapshotSlot<Frame> slot;
    std::thread producer([&] {
      for (int i = 1; i <= 5; ++i) {
        std::this_thread::sleep_for(5ms);
        slot.publish(std::make_shared<const Frame>(Frame{i, {}}));
      }
    });
    auto got = slot.wait_for([](const Frame& f) { return f.id >= 5; }, 5s);
    producer.join();
    REQUIRE(bool(got));
    CHECK(got->id == 5);
    const auto t0 = std::chrono::steady_clock::now();
    auto none = slot.wait_for([](const Frame& f) { return f.id >= 6; }, 30ms);
    CHECK(std::chrono::steady_clock::now() - t0 >= 25ms);
    CHECK(none->id == 5);  // the latest, which does not satisfy the wait
  }

  TEST_CASE("a reader on another thread only ever sees whole snapshots") {
    SnapshotSlot<Frame> slot;
    std::atomic<bool> done{false};
    std::atomic<int> torn{0}, reads{0};
    std::thread reader([&] {
      while (!done) {
        if (auto f = slot.latest()) {
          for (float v : f->data) torn += v != float(f->id);
          ++reads;
        }
      }
    });
    // Publish until the reader has seen plenty (it may start late on a busy machine).
    for (int i = 1; i <= 2000 || (reads < 200 && i < 5000000); ++i) {
      slot.publish(std::make_shared<const Frame>(Frame{i, std::vector<float>(64, float(i))}));
    }
    done = true;
    reader.join();
    CHECK(torn == 0);
    CHECK(reads >= 200);
  }

  TEST_CASE("commands drain in order, once") {
    MessageQueue<int> q;
    for (int i = 0; i < 5; ++i) q.push(i);
    const auto first = q.drain();
    CHECK(first == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(q.drain().empty());
    CHECK_FALSE(q.wait_for(1ms));
    q.push(7);
    CHECK(q.wait_for(1ms));
    CHECK(q.drain() == std::vector<int>{7});
  }

  TEST_CASE("close wakes a waiting consumer at once") {
    MessageQueue<int> q;
    const auto t0 = std::chrono::steady_clock::now();
    std::thread closer([&] {
      std::this_thread::sleep_for(10ms);
      q.close();
    });
    CHECK_FALSE(q.wait_for(5s));
    closer.join();
    CHECK(std::chrono::steady_clock::now() - t0 < 2s);
    CHECK(q.closed());
  }

  TEST_CASE("commands from several producers all arrive, each producer's in order") {
    MessageQueue<std::pair<int, int>> q;
    std::vector<std::thread> producers;
    for (int p = 0; p < 3; ++p) {
      producers.emplace_back([&, p] {
        for (int i = 0; i < 500; ++i) q.push({p, i});
      });
    }
    for (auto& t : producers) t.join();
    int next[3] = {0, 0, 0};
    for (auto [p, i] : q.drain()) {
      CHECK(i == next[p]);
      ++next[p];
    }
    CHECK(next[0] + next[1] + next[2] == 1500);
  }
}
