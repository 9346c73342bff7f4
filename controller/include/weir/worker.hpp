#pragma once

// A Worker: one weir-worker process, spawned by Spawn() on a libuv loop and driven over its
// channel. It is the root of the objects of that process (Routers and WebRtcServers, and what
// they own).
//
//   auto worker = weir::Worker::Spawn(loop, {});          // absl::StatusOr<shared_ptr<Worker>>
//   (*worker)->OnRunning([](const weir::WorkerRunning& r) { ... });
//   (*worker)->CreateRouter({}, [](absl::StatusOr<std::shared_ptr<weir::Router>> router) { ... });
//
// Every operation reports through its callback, from the loop. If the process dies, every
// pending request fails with Unavailable ("worker 1234 died: killed by signal 9 (Killed)"), the
// objects close (CloseReason::kWorkerDied), the died listeners run, and later requests fail at
// once. Destroying the last pointer to an open Worker closes it.

#include <uv.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "weir/channel_object.hpp"
#include "weir/log.hpp"
#include "weir/router.hpp"
#include "weir/webrtc_server.hpp"
#include "weir/worker_settings.hpp"
#include "weir/worker_types.hpp"

namespace weir {

class Worker;
namespace detail {
// Makes the Worker of a channel (Spawn(), and the unit tests' channels without a process).
std::shared_ptr<Worker> AttachWorker(std::shared_ptr<Channel> channel);
}  // namespace detail

class Worker final : public ChannelObject {
 public:
  // Starts the process. Fails (NotFound) when the executable cannot be run; a worker that starts
  // but rejects its arguments dies at once (exit code 2, its message in WorkerExit::stderrTail).
  static absl::StatusOr<std::shared_ptr<Worker>> Spawn(uv_loop_t* loop,
                                                       WorkerSettings settings = {});
  ~Worker() override;

  std::string_view kind() const override { return "worker"; }
  std::string Describe() const override;
  int pid() const;
  uv_loop_t* loop() const;
  // worker.running has arrived.
  bool running() const { return running_; }
  // The process has ended (set before the exit and died listeners run).
  const std::optional<WorkerExit>& exit() const { return exit_; }

  void OnRunning(absl::AnyInvocable<void(const WorkerRunning&)> listener);
  // An unexpected end of the process: a crash, a kill, a non-zero exit.
  void OnDied(absl::AnyInvocable<void(const WorkerExit&)> listener);
  // Every end of the process, expected (after Close()) or not.
  void OnExit(absl::AnyInvocable<void(const WorkerExit&)> listener);
  // Log lines; without a listener they are written to stderr.
  void OnLog(absl::AnyInvocable<void(const LogEntry&)> listener);

  // worker.dump: {"version", "pid", "routerIds", "channel": {counters}, "logLevel", ...}.
  void Dump(Callback<nlohmann::json> callback);
  void GetResourceUsage(Callback<ResourceUsage> callback);
  void UpdateSettings(const WorkerUpdateSettings& settings, StatusCallback done);
  // worker.createRouter; the Router keeps the rtpCapabilities of the answer.
  void CreateRouter(RouterOptions options, Callback<std::shared_ptr<Router>> callback);
  std::vector<std::shared_ptr<Router>> routers() const;
  std::shared_ptr<Router> router(const std::string& id) const;
  // worker.createWebRtcServer: UDP/TCP sockets on fixed ports that WebRtcTransports share.
  void CreateWebRtcServer(WebRtcServerOptions options,
                          Callback<std::shared_ptr<WebRtcServer>> callback);
  std::vector<std::shared_ptr<WebRtcServer>> webRtcServers() const;
  std::shared_ptr<WebRtcServer> webRtcServer(const std::string& id) const;

  // Any request of the schema, in the JSON view ("worker.createRouter", "router.dump", ...), to
  // any handler id. Methods added to the schema later work here without new code. Local errors:
  // InvalidArgument for an unknown method or a body that does not fit the method.
  using ChannelObject::Request;
  void Request(std::string_view method, std::string_view handlerId, const nlohmann::json& body,
               Callback<nlohmann::json> callback);
  // Notifications by handler id ("" is the worker itself), or all of them.
  uint64_t Subscribe(std::string handlerId, absl::AnyInvocable<void(const Notification&)> listener);
  uint64_t SubscribeAll(absl::AnyInvocable<void(const Notification&)> listener);
  void Unsubscribe(uint64_t token);

  ChannelStats channelStats() const;

 protected:
  void SendCloseRequest(StatusCallback done) override;
  void HandleNotification(const Notification& notification) override;

 private:
  friend std::shared_ptr<Worker> detail::AttachWorker(std::shared_ptr<detail::Channel> channel);
  explicit Worker(std::shared_ptr<detail::Channel> channel);
  void HandleExit(const WorkerExit& exit);
  void HandleLog(const LogEntry& entry);

  bool running_ = false;
  std::optional<WorkerExit> exit_;
  std::vector<std::shared_ptr<absl::AnyInvocable<void(const WorkerRunning&)>>> runningListeners_;
  std::vector<std::shared_ptr<absl::AnyInvocable<void(const WorkerExit&)>>> diedListeners_;
  std::vector<std::shared_ptr<absl::AnyInvocable<void(const WorkerExit&)>>> exitListeners_;
  std::vector<std::shared_ptr<absl::AnyInvocable<void(const LogEntry&)>>> logListeners_;
};

}  // namespace weir
