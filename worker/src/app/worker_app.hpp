#pragma once

// The composition root: the only place where io/ (libuv) meets sfu/ and channel/. It owns the
// loop, the channel pipe, the endpoint and the worker state, and runs until the channel closes,
// worker.close is answered, or SIGTERM/SIGINT arrives; then it closes every object and returns 0.

#include <uv.h>

#include <memory>
#include <stdexcept>

#include "app/worker_options.hpp"

namespace weir::app {

// A problem with what the command line named (an unreadable or invalid certificate file):
// main() reports it like a bad argument (exit 2).
class WorkerOptionsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class WorkerApp {
 public:
  explicit WorkerApp(const WorkerOptions& options);
  ~WorkerApp();

  // Runs the loop to completion; returns the process exit code.
  int Run();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace weir::app
