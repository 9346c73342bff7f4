#pragma once

// One worker's channel on a libuv loop: the composition of the sans-IO ChannelClient, the
// schema-driven JsonCodec and the WorkerProcess edge, plus the one timer that serves every
// deadline. All the objects of one worker (Worker, Router, ...) share it; it lives as long as any
// of them does. Only this class reads the clock.

#include <uv.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "detail/channel_client.hpp"
#include "detail/json_codec.hpp"
#include "detail/owned_handle.hpp"
#include "detail/worker_process.hpp"
#include "weir/callback.hpp"
#include "weir/log.hpp"
#include "weir/notification.hpp"
#include "weir/worker_settings.hpp"
#include "weir/worker_types.hpp"

namespace weir::detail {

class Channel : public std::enable_shared_from_this<Channel>, private WorkerProcess::Listener {
 public:
  using ResponseHandler = ChannelClient::ResponseHandler;
  using NotificationListener = absl::AnyInvocable<void(const Notification&)>;

  struct Events {
    absl::AnyInvocable<void(const LogEntry&)> onLog;
    // After every pending request has failed.
    absl::AnyInvocable<void(const WorkerExit&)> onExit;
  };

  static absl::StatusOr<std::shared_ptr<Channel>> Spawn(uv_loop_t* loop,
                                                        const WorkerSettings& settings);
  // A channel to no process, for the unit tests of the objects above it: what the controller
  // writes is kept for TakeDetachedOutput(), and the test plays the worker through
  // HandleWorkerBytes() and HandleWorkerExit().
  static absl::StatusOr<std::shared_ptr<Channel>> CreateDetached(uv_loop_t* loop,
                                                                 const WorkerSettings& settings,
                                                                 int pid);
  std::vector<uint8_t> TakeDetachedOutput();
  void HandleWorkerBytes(base::ByteView data) { OnChannelData(data); }
  void HandleWorkerExit(int exitCode, int signal, std::string_view stderrTail) {
    OnExit(exitCode, signal, stderrTail);
  }
  ~Channel();
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  void SetEvents(Events events) { events_ = std::move(events); }
  uv_loop_t* loop() const { return loop_; }
  int pid() const { return pid_; }
  bool exited() const { return exited_; }
  // Why a request made now would fail at once (OK while the channel takes requests).
  absl::Status refuseStatus() const { return client_.refuseStatus(); }

  // A request in the JSON view: "worker.createRouter", the target's id, the body.
  void Request(std::string_view method, std::string_view handlerId, const nlohmann::json& body,
               Callback<nlohmann::json> callback);
  // The same, handing over the Response itself (for typed results).
  void RawRequest(std::string_view method, std::string_view handlerId, const nlohmann::json& body,
                  ResponseHandler handler);
  // Runs `task` from the loop soon (never from inside this call).
  void Post(absl::AnyInvocable<void()> task);

  uint64_t Subscribe(std::string handlerId, NotificationListener listener);
  uint64_t SubscribeAll(NotificationListener listener);
  void Unsubscribe(uint64_t token);

  // The worker is being closed: later requests fail at once (FailedPrecondition), and the worker
  // is killed if it has not exited after the close timeout.
  void BeginClose();

  ChannelStats stats() const;

 private:
  Channel(uv_loop_t* loop, const WorkerSettings& settings);
  absl::Status Init(const WorkerSettings& settings);

  void OnChannelData(base::ByteView data) override;
  void OnStderrLine(std::string_view line) override;
  void OnExit(int exitCode, int signal, std::string_view stderrTail) override;

  ChannelClient::NotificationHandler Convert(NotificationListener listener);
  void Emit(const LogEntry& entry);
  void Flush();
  void Rearm();
  static void OnTimer(uv_timer_t* timer);

  uv_loop_t* loop_;
  std::chrono::milliseconds requestTimeout_;
  std::chrono::milliseconds closeTimeout_;
  int pid_ = 0;
  bool closing_ = false;
  bool exited_ = false;
  ChannelClient client_;
  std::unique_ptr<JsonCodec> codec_;
  std::unique_ptr<WorkerProcess> process_;
  OwnedHandle<uv_timer_t> timer_;
  std::vector<absl::AnyInvocable<void()>> posted_;
  std::vector<uint8_t> detachedOutput_;
  Events events_;
};

}  // namespace weir::detail
