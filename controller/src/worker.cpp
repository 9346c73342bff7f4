#include "weir/worker.hpp"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "detail/channel.hpp"
#include "detail/downcast.hpp"
#include "detail/options_json.hpp"
#include "weir/uuid.hpp"

namespace weir {

namespace {

template <typename T>
void Add(std::vector<std::shared_ptr<absl::AnyInvocable<void(const T&)>>>& listeners,
         absl::AnyInvocable<void(const T&)> listener) {
  listeners.push_back(std::make_shared<absl::AnyInvocable<void(const T&)>>(std::move(listener)));
}

// Listeners may add listeners while they run: call a copy of the list.
template <typename T>
void Notify(const std::vector<std::shared_ptr<absl::AnyInvocable<void(const T&)>>>& listeners,
            const T& value) {
  auto copy = listeners;
  for (auto& listener : copy)
    (*listener)(value);
}

void PrintLog(int pid, const LogEntry& entry) {
  std::fprintf(stderr, "weir-worker[%d] %s %s: %s\n", pid,
               std::string(LogLevelName(entry.level)).c_str(), entry.tag.c_str(),
               entry.text.c_str());
}

}  // namespace

absl::StatusOr<std::shared_ptr<Worker>> Worker::Spawn(uv_loop_t* loop, WorkerSettings settings) {
  absl::StatusOr<std::shared_ptr<detail::Channel>> channel = detail::Channel::Spawn(loop, settings);
  if (!channel.ok()) return channel.status();
  return detail::AttachWorker(*std::move(channel));
}

namespace detail {

std::shared_ptr<Worker> AttachWorker(std::shared_ptr<Channel> channel) {
  std::shared_ptr<Worker> worker(new Worker(channel));
  std::weak_ptr<Worker> weak = worker;
  int pid = worker->pid();
  channel->SetEvents({
      .onLog =
          [weak, pid](const LogEntry& entry) {
            if (std::shared_ptr<Worker> self = weak.lock()) {
              self->HandleLog(entry);
            } else {
              PrintLog(pid, entry);
            }
          },
      .onExit =
          [weak](const WorkerExit& exit) {
            if (std::shared_ptr<Worker> self = weak.lock()) self->HandleExit(exit);
          },
  });
  worker->SubscribeSelf();
  return worker;
}

}  // namespace detail

Worker::Worker(std::shared_ptr<detail::Channel> channel) : ChannelObject(std::move(channel), "") {}

Worker::~Worker() {
  if (closed()) return;
  CloseLocally(CloseReason::kClosed);
  channel().Request("worker.close", "", nullptr, [](absl::StatusOr<nlohmann::json>) {});
}

std::string Worker::Describe() const {
  return absl::StrCat("worker ", pid());
}
int Worker::pid() const {
  return channel().pid();
}
uv_loop_t* Worker::loop() const {
  return channel().loop();
}

void Worker::OnRunning(absl::AnyInvocable<void(const WorkerRunning&)> listener) {
  Add(runningListeners_, std::move(listener));
}
void Worker::OnDied(absl::AnyInvocable<void(const WorkerExit&)> listener) {
  Add(diedListeners_, std::move(listener));
}
void Worker::OnExit(absl::AnyInvocable<void(const WorkerExit&)> listener) {
  Add(exitListeners_, std::move(listener));
}
void Worker::OnLog(absl::AnyInvocable<void(const LogEntry&)> listener) {
  Add(logListeners_, std::move(listener));
}

void Worker::Dump(Callback<nlohmann::json> callback) {
  Request("worker.dump", nullptr, std::move(callback));
}

void Worker::GetResourceUsage(Callback<ResourceUsage> callback) {
  if (FailIfClosed(callback)) return;
  channel().RawRequest(
      "worker.getResourceUsage", "", nullptr,
      [callback = std::move(callback)](absl::StatusOr<const fbs::Response*> response) mutable {
        if (!response.ok()) {
          callback(response.status());
          return;
        }
        const fbs::WorkerResourceUsageResponse* body =
            (*response)->body_as_worker_getResourceUsage();
        if (body == nullptr) {
          callback(absl::InternalError("worker.getResourceUsage answered without a body"));
          return;
        }
        ResourceUsage usage;
        usage.ru_utime = body->ru_utime();
        usage.ru_stime = body->ru_stime();
        usage.ru_maxrss = body->ru_maxrss();
        usage.ru_ixrss = body->ru_ixrss();
        usage.ru_idrss = body->ru_idrss();
        usage.ru_isrss = body->ru_isrss();
        usage.ru_minflt = body->ru_minflt();
        usage.ru_majflt = body->ru_majflt();
        usage.ru_nswap = body->ru_nswap();
        usage.ru_inblock = body->ru_inblock();
        usage.ru_oublock = body->ru_oublock();
        usage.ru_msgsnd = body->ru_msgsnd();
        usage.ru_msgrcv = body->ru_msgrcv();
        usage.ru_nsignals = body->ru_nsignals();
        usage.ru_nvcsw = body->ru_nvcsw();
        usage.ru_nivcsw = body->ru_nivcsw();
        callback(usage);
      });
}

void Worker::UpdateSettings(const WorkerUpdateSettings& settings, StatusCallback done) {
  nlohmann::json body = {{"logLevel", LogLevelName(settings.logLevel)},
                         {"logTags", settings.logTags}};
  Request("worker.updateSettings", body,
          [done = std::move(done)](absl::StatusOr<nlohmann::json> result) mutable {
            done(result.status());
          });
}

void Worker::CreateRouter(RouterOptions options, Callback<std::shared_ptr<Router>> callback) {
  std::string id = options.routerId.empty() ? GenerateUuid() : std::move(options.routerId);
  nlohmann::json body = {{"routerId", id}};
  if (!options.mediaCodecs.is_null()) body["mediaCodecs"] = std::move(options.mediaCodecs);
  CreateChild(
      "worker.createRouter", "", body, absl::StrCat("router ", id), std::move(options.appData),
      [id](std::shared_ptr<detail::Channel> channel, const nlohmann::json& response) {
        nlohmann::json caps = response.is_object() && response.contains("rtpCapabilities")
                                  ? response["rtpCapabilities"]
                                  : nlohmann::json::object();
        return std::shared_ptr<ChannelObject>(new Router(std::move(channel), id, std::move(caps)));
      },
      detail::Downcast<Router>(std::move(callback)));
}

void Worker::CreateWebRtcServer(WebRtcServerOptions options,
                                Callback<std::shared_ptr<WebRtcServer>> callback) {
  std::string id =
      options.webRtcServerId.empty() ? GenerateUuid() : std::move(options.webRtcServerId);
  nlohmann::json body = detail::WebRtcServerRequest(options, id);
  CreateChild(
      "worker.createWebRtcServer", "", body, absl::StrCat("webRtcServer ", id),
      std::move(options.appData),
      [id](std::shared_ptr<detail::Channel> channel, const nlohmann::json&) {
        return std::shared_ptr<ChannelObject>(new WebRtcServer(std::move(channel), id));
      },
      detail::Downcast<WebRtcServer>(std::move(callback)));
}

std::vector<std::shared_ptr<Router>> Worker::routers() const {
  return ChildrenOf<Router>();
}

std::shared_ptr<Router> Worker::router(const std::string& id) const {
  return ChildOf<Router>(id);
}

std::vector<std::shared_ptr<WebRtcServer>> Worker::webRtcServers() const {
  return ChildrenOf<WebRtcServer>();
}

std::shared_ptr<WebRtcServer> Worker::webRtcServer(const std::string& id) const {
  return ChildOf<WebRtcServer>(id);
}

void Worker::Request(std::string_view method, std::string_view handlerId,
                     const nlohmann::json& body, Callback<nlohmann::json> callback) {
  if (FailIfClosed(callback)) return;
  channel().Request(method, handlerId, body, std::move(callback));
}

uint64_t Worker::Subscribe(std::string handlerId,
                           absl::AnyInvocable<void(const Notification&)> listener) {
  return channel().Subscribe(std::move(handlerId), std::move(listener));
}

uint64_t Worker::SubscribeAll(absl::AnyInvocable<void(const Notification&)> listener) {
  return channel().SubscribeAll(std::move(listener));
}

void Worker::Unsubscribe(uint64_t token) {
  channel().Unsubscribe(token);
}

ChannelStats Worker::channelStats() const {
  return channel().stats();
}

void Worker::SendCloseRequest(StatusCallback done) {
  channel().Request("worker.close", "", nullptr,
                    [done = std::move(done)](absl::StatusOr<nlohmann::json> result) mutable {
                      done(result.status());
                    });
}

void Worker::HandleNotification(const Notification& notification) {
  if (notification.event != "worker.running") return;
  running_ = true;
  WorkerRunning running;
  if (notification.body.is_object()) {
    running.version = notification.body.value("version", "");
    running.pid = notification.body.value("pid", 0);
  }
  Notify(runningListeners_, running);
}

void Worker::HandleExit(const WorkerExit& exit) {
  std::shared_ptr<ChannelObject> keep = shared_from_this();
  exit_ = exit;
  running_ = false;
  CloseLocally(exit.expected ? CloseReason::kClosed : CloseReason::kWorkerDied);
  if (!exit.expected) Notify(diedListeners_, exit);
  Notify(exitListeners_, exit);
}

void Worker::HandleLog(const LogEntry& entry) {
  if (logListeners_.empty()) {
    PrintLog(pid(), entry);
    return;
  }
  Notify(logListeners_, entry);
}

}  // namespace weir
