#pragma once

// A libuv loop for the controller's integration tests: RunUntil() turns the loop until a
// condition holds or a deadline passes (so that a test that would hang fails instead).

#include <uv.h>

#include <chrono>
#include <functional>
#include <thread>

namespace weir::test {

class TestLoop {
 public:
  TestLoop() { uv_loop_init(&loop_); }
  ~TestLoop() {
    // Let closing handles finish and dropped workers exit (their processes are reaped from the
    // loop); the objects of the test are gone by now.
    RunToCompletion(std::chrono::seconds(5));
    uv_loop_close(&loop_);
  }
  TestLoop(const TestLoop&) = delete;
  TestLoop& operator=(const TestLoop&) = delete;

  uv_loop_t* get() { return &loop_; }

  // Returns whether `done` became true before `timeout`.
  bool RunUntil(const std::function<bool()>& done,
                std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      // Wake up at least every 10 ms so that the deadline is honoured with nothing else active.
      uv_timer_t tick;
      uv_timer_init(&loop_, &tick);
      uv_timer_start(
          &tick, [](uv_timer_t*) {}, 10, 0);
      uv_run(&loop_, UV_RUN_ONCE);
      uv_close(reinterpret_cast<uv_handle_t*>(&tick), nullptr);
      uv_run(&loop_, UV_RUN_NOWAIT);
    }
    return true;
  }

  // Runs until nothing keeps the loop alive; returns false if that takes longer than `timeout`.
  bool RunToCompletion(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (uv_run(&loop_, UV_RUN_NOWAIT) != 0) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
  }

 private:
  uv_loop_t loop_;
};

}  // namespace weir::test
