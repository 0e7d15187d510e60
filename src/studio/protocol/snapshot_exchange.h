#pragma once
// The two channels between the UI and the trainer thread, both header-only and free of
// torch and GL so they are unit-tested on their own:
//  - SnapshotSlot<T>: the latest immutable value one side publishes and the other reads;
//    a reader keeps whatever it holds alive however many newer values are published.
//  - MessageQueue<T>: FIFO commands (or notices) drained in one go between steps.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace egeot::studio {

template <class T>
class SnapshotSlot {
 public:
  // Replaces the latest value and wakes waiting readers. Returns the new version.
  uint64_t publish(std::shared_ptr<const T> value) {
    uint64_t v;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      latest_ = std::move(value);
      v = ++version_;
    }
    changed_.notify_all();
    return v;
  }

  std::shared_ptr<const T> latest() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return latest_;
  }

  uint64_t version() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return version_;
  }

  // Waits until a published value satisfies `ready` (or `timeout` passes) and returns the
  // latest value either way (nullptr if nothing was ever published).
  template <class Rep, class Period>
  std::shared_ptr<const T> wait_for(const std::function<bool(const T&)>& ready,
                                    std::chrono::duration<Rep, Period> timeout) const {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return latest_ && ready(*latest_); });
    return latest_;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::shared_ptr<const T> latest_;
  uint64_t version_ = 0;
};

template <class T>
class MessageQueue {
 public:
  void push(T message) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(message));
    }
    arrived_.notify_one();
  }

  // Everything queued so far, oldest first.
  std::vector<T> drain() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<T> out(std::make_move_iterator(queue_.begin()),
                       std::make_move_iterator(queue_.end()));
    queue_.clear();
    return out;
  }

  // Blocks until a message is queued, the queue is closed or `timeout` passes; true if a
  // message is waiting.
  template <class Rep, class Period>
  bool wait_for(std::chrono::duration<Rep, Period> timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    arrived_.wait_for(lock, timeout, [&] { return !queue_.empty() || closed_; });
    return !queue_.empty();
  }

  // Wakes every waiter for good (the worker is stopping); messages can still be drained.
  void close() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
    }
    arrived_.notify_all();
  }
  bool closed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return closed_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<T> queue_;
  bool closed_ = false;
};

}  // namespace egeot::studio
