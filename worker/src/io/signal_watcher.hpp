#pragma once

// SIGTERM and SIGINT on the loop: both mean "close every object and exit 0". SIGPIPE is ignored
// so that a vanished controller shows up as a write error, not a dead worker.

#include <uv.h>

#include <functional>

#include "io/uv_handle.hpp"

namespace weir::io {

class SignalWatcher {
 public:
  SignalWatcher(uv_loop_t* loop, std::function<void(int signum)> onSignal);
  void Stop();

 private:
  static void OnSignal(uv_signal_t* handle, int signum);

  std::function<void(int)> onSignal_;
  UvHandle<uv_signal_t> term_;
  UvHandle<uv_signal_t> interrupt_;
};

}  // namespace weir::io
