#pragma once

// The libuv edge under the channel client: spawns weir-worker with one end of a socketpair as its
// fd 3 (and a pipe on its stderr), moves bytes between that socket and a Listener, and tells when
// the process is gone.
//
// Death is seen twice, and both are awaited: EOF on the channel and the exit status (SIGCHLD,
// through uv_spawn's exit callback). OnExit() runs once, after the exit status is known and the
// channel and stderr have reached EOF (or half a second after the exit, if they do not: a
// grandchild could hold them open). A channel EOF with no exit within a second means a worker
// that lost its channel but lives on; it is killed.
//
// Writes go through send(MSG_NOSIGNAL) on a uv_poll_t so that a dead worker can never raise
// SIGPIPE in the controller. Destroying a WorkerProcess whose child still runs closes the channel
// (the worker exits on EOF) and leaves a small reaper on the loop that waits for the exit (killing
// the child after `reapTimeout`), so no zombie is left behind.

#include <sys/types.h>
#include <uv.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "base/bytes.hpp"
#include "detail/owned_handle.hpp"

namespace weir::detail {

// Receives a process's exit status: the WorkerProcess while it lives, a reaper after.
class ExitSink {
 public:
  virtual void HandleExit(int64_t exitStatus, int termSignal) = 0;

 protected:
  virtual ~ExitSink() = default;
};

class WorkerProcess : private ExitSink {
 public:
  class Listener {
   public:
    virtual void OnChannelData(base::ByteView data) = 0;
    virtual void OnStderrLine(std::string_view line) = 0;
    // The process is gone and its channel drained. `signal` is 0 for a normal exit.
    virtual void OnExit(int exitCode, int signal, std::string_view stderrTail) = 0;

   protected:
    virtual ~Listener() = default;
  };

  // `args` excludes argv[0] (which is `path`). Fails with NotFound when the executable cannot be
  // run, Internal for other system errors.
  static absl::StatusOr<std::unique_ptr<WorkerProcess>> Spawn(uv_loop_t* loop,
                                                              const std::string& path,
                                                              const std::vector<std::string>& args,
                                                              Listener* listener);
  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool exited() const { return exited_; }

  // Queues bytes for the worker; dropped once the channel is closed.
  void Write(std::vector<uint8_t> bytes);
  // Sends SIGKILL unless the process has exited within `timeout`.
  void KillAfter(std::chrono::milliseconds timeout);
  void Kill(int signal);
  size_t queuedBytes() const { return queuedBytes_; }

 private:
  WorkerProcess(uv_loop_t* loop, Listener* listener);

  static void OnProcessExit(uv_process_t* process, int64_t exitStatus, int termSignal);
  void HandleExit(int64_t exitStatus, int termSignal) override;
  static void OnPoll(uv_poll_t* poll, int status, int events);
  static void OnStderrAlloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void OnStderrRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  static void OnTimer(uv_timer_t* timer);

  void ReadChannel();
  void FlushWrites();
  void UpdatePoll();
  void CloseChannel();
  void ChannelEof();
  void StderrEof();
  void MaybeFinish();
  void Finish();

  uv_loop_t* loop_;
  Listener* listener_;
  pid_t pid_ = 0;
  int fd_ = -1;
  int pollEvents_ = 0;
  OwnedHandle<uv_process_t> process_;
  OwnedHandle<uv_poll_t> poll_;
  OwnedHandle<uv_pipe_t> stderr_;
  OwnedHandle<uv_timer_t> timer_;
  bool exited_ = false;
  bool channelEof_ = false;
  bool stderrEof_ = false;
  bool finished_ = false;
  bool killArmed_ = false;
  int exitCode_ = 0;
  int signal_ = 0;
  std::deque<std::vector<uint8_t>> writeQueue_;
  size_t writeOffset_ = 0;  // into writeQueue_.front()
  size_t queuedBytes_ = 0;
  std::string stderrLine_;
  std::string stderrTail_;
  std::vector<uint8_t> readBuffer_;
  char stderrBuffer_[4096];
  // Cleared when destroyed, so that code running after a listener call can tell whether the
  // listener destroyed this object.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace weir::detail
