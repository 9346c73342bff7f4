#pragma once

// The controller's end of the channel, sans-IO: no sockets, no loop, no clock. It assigns request
// ids, keeps the pending requests with their deadlines, matches responses to them (in any order),
// routes notifications by handlerId to subscribers, hands logs to a log handler, and fails every
// pending request at once when the worker is gone (FailAll). The libuv edge (Channel) feeds it
// bytes and the time, writes what PollTransmit() returns and arms one timer at NextTimeout().
//
// Handlers are never run from inside Request(): a request that fails at once (encoding error,
// dead channel) is queued and completed by the next HandleTimeout(), which NextTimeout() asks for
// immediately.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/bytes.hpp"
#include "channel/framing/frame_decoder.hpp"
#include "weir/fbs/message_generated.h"

namespace weir::detail {

class ChannelClient {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  // Receives the accepted Response (valid only during the call) or the error: a worker
  // rejection (see weir/errors.hpp), DeadlineExceeded, or the FailAll status.
  using ResponseHandler = absl::AnyInvocable<void(absl::StatusOr<const fbs::Response*>)>;
  using NotificationHandler = absl::AnyInvocable<void(const fbs::Notification&)>;
  using LogHandler = absl::AnyInvocable<void(const fbs::Log&)>;
  // Reports what the worker sent that the client could not use (bad frames, unknown ids).
  using ProtocolErrorHandler = absl::AnyInvocable<void(std::string_view)>;
  // Appends one complete frame (length prefix included) for the request with this id.
  using Encoder = absl::FunctionRef<absl::Status(uint32_t id, std::vector<uint8_t>& out)>;

  struct Counters {
    uint64_t requests = 0;
    uint64_t responses = 0;
    uint64_t notifications = 0;
    uint64_t logs = 0;
    uint64_t timeouts = 0;
    uint64_t unmatchedResponses = 0;
    uint64_t badFrames = 0;
    uint64_t bytesIn = 0;
    uint64_t bytesOut = 0;
  };

  ChannelClient() = default;
  ChannelClient(const ChannelClient&) = delete;
  ChannelClient& operator=(const ChannelClient&) = delete;

  // Starts a request: assigns an id, encodes the frame, queues it for PollTransmit() and waits
  // for the response until `deadline`. `label` names the request in error messages. Returns the
  // id (0 when the request failed at once; its handler then runs at the next HandleTimeout()).
  uint32_t Request(std::string_view label, Encoder encode, TimePoint deadline,
                   ResponseHandler handler);

  // Bytes read from the worker, in whatever pieces the socket gave.
  void HandleBytes(base::ByteView data);
  // Completes deferred failures and times out requests whose deadline is at or before `now`.
  void HandleTimeout(TimePoint now);
  // When HandleTimeout() should run next: TimePoint::min() for "at once", nothing if idle.
  std::optional<TimePoint> NextTimeout() const;
  // The bytes to write to the worker, in order; empty when there is nothing to send.
  std::vector<uint8_t> PollTransmit();

  // The worker is gone: every pending request fails with `status`, queued output is dropped,
  // and every later request fails with it too.
  void FailAll(absl::Status status);
  // Later requests fail with `status` (e.g. the worker is closing); pending ones still complete.
  void Refuse(absl::Status status);
  bool refusing() const { return !refuseStatus_.ok(); }
  const absl::Status& refuseStatus() const { return refuseStatus_; }

  // Notifications for one handlerId (empty for the worker itself), or for all with
  // SubscribeAll(). Returns a token for Unsubscribe().
  uint64_t Subscribe(std::string handlerId, NotificationHandler handler);
  uint64_t SubscribeAll(NotificationHandler handler);
  void Unsubscribe(uint64_t token);

  void SetLogHandler(LogHandler handler) { logHandler_ = std::move(handler); }
  void SetProtocolErrorHandler(ProtocolErrorHandler handler) {
    protocolErrorHandler_ = std::move(handler);
  }

  size_t pending() const { return pending_.size(); }
  const Counters& counters() const { return counters_; }

 private:
  struct Pending {
    std::string label;
    TimePoint deadline;
    ResponseHandler handler;
  };
  struct Subscription {
    std::string handlerId;
    bool all = false;
    // Shared so that a handler that unsubscribes itself is not destroyed while it runs.
    std::shared_ptr<NotificationHandler> handler;
  };

  uint32_t NextId();
  void Defer(ResponseHandler handler, absl::Status status);
  // The frame's Message, verified in a copy aligned as its builder aligned it; nullptr if the
  // frame fails verification.
  const fbs::Message* Verified(base::ByteView frame);
  void HandleFrame(base::ByteView frame);
  void HandleResponse(const fbs::Response& response);
  void HandleNotification(const fbs::Notification& notification);
  void Dispatch(const std::vector<uint64_t>& tokens, const fbs::Notification& notification);
  void ReportProtocolError(std::string_view what);

  channel::FrameDecoder decoder_;
  std::vector<uint8_t> outgoing_;
  uint32_t lastId_ = 0;
  absl::flat_hash_map<uint32_t, Pending> pending_;
  std::set<std::pair<TimePoint, uint32_t>> deadlines_;
  std::vector<std::pair<ResponseHandler, absl::Status>> deferred_;
  absl::Status refuseStatus_;
  bool dead_ = false;
  uint64_t lastToken_ = 0;
  std::map<uint64_t, Subscription> subscriptions_;
  absl::flat_hash_map<std::string, std::vector<uint64_t>> byHandlerId_;
  std::vector<uint64_t> all_;
  LogHandler logHandler_;
  ProtocolErrorHandler protocolErrorHandler_;
  Counters counters_;
};

}  // namespace weir::detail
