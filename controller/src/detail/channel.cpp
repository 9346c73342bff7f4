#include "detail/channel.hpp"

#include "absl/strings/str_cat.h"

namespace weir::detail {

namespace {

using Clock = std::chrono::steady_clock;

LogLevel FromFbs(fbs::LogLevel level) {
  switch (level) {
    case fbs::LogLevel::debug:
      return LogLevel::kDebug;
    case fbs::LogLevel::warn:
      return LogLevel::kWarn;
    case fbs::LogLevel::error:
      return LogLevel::kError;
    default:
      return LogLevel::kNone;
  }
}

}  // namespace

Channel::Channel(uv_loop_t* loop, const WorkerSettings& settings)
    : loop_(loop), requestTimeout_(settings.requestTimeout), closeTimeout_(settings.closeTimeout) {}

absl::Status Channel::Init(const WorkerSettings& settings) {
  absl::StatusOr<std::unique_ptr<JsonCodec>> codec =
      JsonCodec::Create(settings.ignoreUnknownJsonFields);
  if (!codec.ok()) return codec.status();
  codec_ = *std::move(codec);
  client_.SetLogHandler([this](const fbs::Log& log) {
    Emit(LogEntry{FromFbs(log.level()), fbs::EnumNameLogTag(log.tag()),
                  log.text() ? log.text()->str() : ""});
  });
  client_.SetProtocolErrorHandler([this](std::string_view what) {
    Emit(LogEntry{LogLevel::kWarn, "channel", std::string(what)});
  });
  uv_timer_init(loop_, timer_.get());
  timer_.MarkInitialized();
  timer_.get()->data = this;
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<Channel>> Channel::Spawn(uv_loop_t* loop,
                                                        const WorkerSettings& settings) {
  std::shared_ptr<Channel> channel(new Channel(loop, settings));
  if (absl::Status init = channel->Init(settings); !init.ok()) return init;
  absl::StatusOr<std::unique_ptr<WorkerProcess>> process = WorkerProcess::Spawn(
      loop, ResolveWorkerPath(settings), WorkerArguments(settings), channel.get());
  if (!process.ok()) return process.status();
  channel->process_ = *std::move(process);
  channel->pid_ = static_cast<int>(channel->process_->pid());
  return channel;
}

absl::StatusOr<std::shared_ptr<Channel>> Channel::CreateDetached(uv_loop_t* loop,
                                                                 const WorkerSettings& settings,
                                                                 int pid) {
  std::shared_ptr<Channel> channel(new Channel(loop, settings));
  if (absl::Status init = channel->Init(settings); !init.ok()) return init;
  channel->pid_ = pid;
  return channel;
}

std::vector<uint8_t> Channel::TakeDetachedOutput() {
  Flush();
  std::vector<uint8_t> out;
  out.swap(detachedOutput_);
  return out;
}

Channel::~Channel() {
  // Nothing may wait forever on a callback: whatever is still pending fails now.
  client_.FailAll(absl::CancelledError(
      absl::StrCat("the controller objects of worker ", pid_, " were destroyed")));
  client_.HandleTimeout(ChannelClient::TimePoint::max());
  std::vector<absl::AnyInvocable<void()>> posted;
  posted.swap(posted_);
  for (auto& task : posted)
    task();
  timer_.Close();
  process_.reset();  // closes the channel; a reaper waits for the exit
}

void Channel::Request(std::string_view method, std::string_view handlerId,
                      const nlohmann::json& body, Callback<nlohmann::json> callback) {
  RawRequest(method, handlerId, body,
             [this, callback = std::move(callback)](
                 absl::StatusOr<const fbs::Response*> response) mutable {
               if (!response.ok()) {
                 callback(response.status());
                 return;
               }
               callback(codec_->ResponseBody(**response));
             });
}

void Channel::RawRequest(std::string_view method, std::string_view handlerId,
                         const nlohmann::json& body, ResponseHandler handler) {
  const JsonCodec::MethodInfo* info = codec_->FindMethod(method);
  auto encode = [&](uint32_t id, std::vector<uint8_t>& out) -> absl::Status {
    if (info == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown method '", std::string(method), "'"));
    }
    return codec_->EncodeRequest(id, *info, handlerId, body, out);
  };
  uint32_t id = client_.Request(method, encode, Clock::now() + requestTimeout_, std::move(handler));
  // The worker exits after answering worker.close, whoever sent it: that exit is expected.
  if (id != 0 && method == "worker.close") BeginClose();
  Flush();
  Rearm();
}

void Channel::Post(absl::AnyInvocable<void()> task) {
  posted_.push_back(std::move(task));
  Rearm();
}

ChannelClient::NotificationHandler Channel::Convert(NotificationListener listener) {
  return [this, listener = std::move(listener)](const fbs::Notification& raw) mutable {
    absl::StatusOr<nlohmann::json> json = codec_->Notification(raw);
    if (!json.ok()) {
      Emit({LogLevel::kWarn, "channel",
            absl::StrCat("notification dropped: ", json.status().message())});
      return;
    }
    Notification notification{(*json)["handlerId"].get<std::string>(),
                              (*json)["event"].get<std::string>(),
                              json->contains("body") ? (*json)["body"] : nlohmann::json()};
    listener(notification);
  };
}

uint64_t Channel::Subscribe(std::string handlerId, NotificationListener listener) {
  return client_.Subscribe(std::move(handlerId), Convert(std::move(listener)));
}

uint64_t Channel::SubscribeAll(NotificationListener listener) {
  return client_.SubscribeAll(Convert(std::move(listener)));
}

void Channel::Unsubscribe(uint64_t token) {
  client_.Unsubscribe(token);
}

void Channel::BeginClose() {
  if (closing_ || exited_) return;
  closing_ = true;
  client_.Refuse(absl::FailedPreconditionError(absl::StrCat("worker ", pid_, " is closed")));
  if (process_) process_->KillAfter(closeTimeout_);
}

ChannelStats Channel::stats() const {
  const ChannelClient::Counters& c = client_.counters();
  ChannelStats stats;
  stats.requests = c.requests;
  stats.responses = c.responses;
  stats.notifications = c.notifications;
  stats.logs = c.logs;
  stats.timeouts = c.timeouts;
  stats.badFrames = c.badFrames;
  stats.unmatchedResponses = c.unmatchedResponses;
  stats.bytesIn = c.bytesIn;
  stats.bytesOut = c.bytesOut;
  stats.pending = client_.pending();
  return stats;
}

void Channel::OnChannelData(base::ByteView data) {
  std::shared_ptr<Channel> keep = shared_from_this();
  client_.HandleBytes(data);
  Flush();
  Rearm();
}

void Channel::OnStderrLine(std::string_view line) {
  std::shared_ptr<Channel> keep = shared_from_this();
  Emit({LogLevel::kError, "stderr", std::string(line)});
}

void Channel::OnExit(int exitCode, int signal, std::string_view stderrTail) {
  std::shared_ptr<Channel> keep = shared_from_this();
  exited_ = true;
  WorkerExit exit;
  exit.pid = pid_;
  exit.exitCode = exitCode;
  exit.signal = signal;
  exit.expected = closing_ && signal == 0 && exitCode == 0;
  exit.stderrTail = std::string(stderrTail);
  std::string what = exit.expected ? absl::StrCat("worker ", pid_, " exited")
                                   : absl::StrCat("worker ", pid_, " died: ", exit.Describe());
  if (!exit.expected && !stderrTail.empty())
    absl::StrAppend(&what, " (", std::string(stderrTail), ")");
  client_.FailAll(absl::UnavailableError(what));
  if (events_.onExit) events_.onExit(exit);
  Rearm();
}

void Channel::Emit(const LogEntry& entry) {
  if (events_.onLog) events_.onLog(entry);
}

void Channel::Flush() {
  std::vector<uint8_t> bytes = client_.PollTransmit();
  if (bytes.empty()) return;
  if (process_) {
    process_->Write(std::move(bytes));
  } else if (!exited_) {
    detachedOutput_.insert(detachedOutput_.end(), bytes.begin(), bytes.end());
  }
}

void Channel::Rearm() {
  if (!timer_.open()) return;
  std::optional<ChannelClient::TimePoint> next = client_.NextTimeout();
  if (!posted_.empty()) next = ChannelClient::TimePoint::min();
  if (!next) {
    uv_timer_stop(timer_.get());
    return;
  }
  auto now = Clock::now();
  uint64_t ms = 0;
  if (*next > now) {
    ms = static_cast<uint64_t>(std::chrono::ceil<std::chrono::milliseconds>(*next - now).count());
  }
  uv_timer_start(timer_.get(), OnTimer, ms, 0);
}

void Channel::OnTimer(uv_timer_t* timer) {
  auto* self = static_cast<Channel*>(timer->data);
  if (self == nullptr) return;
  std::shared_ptr<Channel> keep = self->shared_from_this();
  std::vector<absl::AnyInvocable<void()>> posted;
  posted.swap(self->posted_);
  for (auto& task : posted)
    task();
  self->client_.HandleTimeout(Clock::now());
  self->Flush();
  self->Rearm();
}

}  // namespace weir::detail
