#include "detail/channel_client.hpp"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "channel/framing/frame_encoder.hpp"
#include "weir/errors.hpp"

namespace weir::detail {

uint32_t ChannelClient::NextId() {
  // Ids are uint32 and wrap; 0 is never used (it reads as "no id"), nor is an id still pending.
  do {
    ++lastId_;
  } while (lastId_ == 0 || pending_.contains(lastId_));
  return lastId_;
}

void ChannelClient::Defer(ResponseHandler handler, absl::Status status) {
  deferred_.emplace_back(std::move(handler), std::move(status));
}

uint32_t ChannelClient::Request(std::string_view label, Encoder encode, TimePoint deadline,
                                ResponseHandler handler) {
  if (dead_ || refusing()) {
    Defer(std::move(handler), refuseStatus_);
    return 0;
  }
  uint32_t id = NextId();
  size_t before = outgoing_.size();
  absl::Status encoded = encode(id, outgoing_);
  if (!encoded.ok()) {
    outgoing_.resize(before);
    Defer(std::move(handler), std::move(encoded));
    return 0;
  }
  ++counters_.requests;
  counters_.bytesOut += outgoing_.size() - before;
  pending_.emplace(id, Pending{std::string(label), deadline, std::move(handler)});
  deadlines_.emplace(deadline, id);
  return id;
}

std::vector<uint8_t> ChannelClient::PollTransmit() {
  std::vector<uint8_t> out;
  out.swap(outgoing_);
  return out;
}

void ChannelClient::HandleBytes(base::ByteView data) {
  counters_.bytesIn += data.size();
  decoder_.Append(data);
  for (;;) {
    channel::FrameDecoder::Event event = decoder_.Next();
    if (event.kind == channel::FrameDecoder::Kind::kNeedMore) return;
    if (event.kind == channel::FrameDecoder::Kind::kOversized) {
      ++counters_.badFrames;
      ReportProtocolError(absl::StrCat("frame of ", event.length, " bytes exceeds the ",
                                       channel::kMaxFrameSize, "-byte limit, skipped"));
      continue;
    }
    HandleFrame(event.frame);
  }
}

const fbs::Message* ChannelClient::Verified(base::ByteView frame) {
  if (frame.empty()) return nullptr;
  // The decoder hands out 8-aligned payloads, and the worker writes regular (not size-prefixed)
  // buffers, so the Verifier's alignment checks hold relative to the payload.
  flatbuffers::Verifier verifier(frame.data(), frame.size());
  if (fbs::VerifyMessageBuffer(verifier)) return fbs::GetMessage(frame.data());
  return nullptr;
}

void ChannelClient::HandleFrame(base::ByteView frame) {
  const fbs::Message* message = Verified(frame);
  if (message == nullptr) {
    ++counters_.badFrames;
    ReportProtocolError(absl::StrCat("frame of ", frame.size(), " bytes failed verification"));
    return;
  }
  switch (message->data_type()) {
    case fbs::Body::Response:
      HandleResponse(*message->data_as_Response());
      return;
    case fbs::Body::Notification:
      ++counters_.notifications;
      HandleNotification(*message->data_as_Notification());
      return;
    case fbs::Body::Log:
      ++counters_.logs;
      if (logHandler_) logHandler_(*message->data_as_Log());
      return;
    default:
      ++counters_.badFrames;
      ReportProtocolError(
          absl::StrCat("unexpected message of type ", fbs::EnumNameBody(message->data_type())));
  }
}

void ChannelClient::HandleResponse(const fbs::Response& response) {
  auto it = pending_.find(response.id());
  if (it == pending_.end()) {
    // A response after its request timed out, or one the worker made up.
    ++counters_.unmatchedResponses;
    ReportProtocolError(absl::StrCat("response to unknown request id ", response.id()));
    return;
  }
  ++counters_.responses;
  ResponseHandler handler = std::move(it->second.handler);
  deadlines_.erase({it->second.deadline, it->first});
  pending_.erase(it);
  if (response.accepted()) {
    handler(&response);
    return;
  }
  fbs::ErrorKind kind = response.error();
  if (kind == fbs::ErrorKind::None) kind = fbs::ErrorKind::Error;
  std::string_view reason = response.reason() ? response.reason()->string_view() : "";
  handler(WorkerRejection(fbs::EnumNameErrorKind(kind), reason));
}

void ChannelClient::HandleNotification(const fbs::Notification& notification) {
  std::string_view handlerId =
      notification.handlerId() ? notification.handlerId()->string_view() : "";
  if (auto it = byHandlerId_.find(absl::string_view(handlerId.data(), handlerId.size()));
      it != byHandlerId_.end()) {
    Dispatch(it->second, notification);
  }
  if (!all_.empty()) Dispatch(all_, notification);
}

void ChannelClient::Dispatch(const std::vector<uint64_t>& tokens,
                             const fbs::Notification& notification) {
  // A handler may subscribe or unsubscribe (itself or others) while it runs: work on a copy.
  std::vector<uint64_t> copy = tokens;
  for (uint64_t token : copy) {
    auto it = subscriptions_.find(token);
    if (it == subscriptions_.end()) continue;
    std::shared_ptr<NotificationHandler> handler = it->second.handler;
    (*handler)(notification);
  }
}

void ChannelClient::HandleTimeout(TimePoint now) {
  std::vector<std::pair<ResponseHandler, absl::Status>> deferred;
  deferred.swap(deferred_);
  for (auto& [handler, status] : deferred)
    handler(std::move(status));

  std::vector<std::pair<ResponseHandler, absl::Status>> expired;
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    uint32_t id = deadlines_.begin()->second;
    deadlines_.erase(deadlines_.begin());
    auto it = pending_.find(id);
    if (it == pending_.end()) continue;
    ++counters_.timeouts;
    expired.emplace_back(std::move(it->second.handler),
                         absl::DeadlineExceededError(absl::StrCat(
                             it->second.label, " (request ", id, ") got no response in time")));
    pending_.erase(it);
  }
  for (auto& [handler, status] : expired)
    handler(std::move(status));
}

std::optional<ChannelClient::TimePoint> ChannelClient::NextTimeout() const {
  if (!deferred_.empty()) return TimePoint::min();
  if (deadlines_.empty()) return std::nullopt;
  return deadlines_.begin()->first;
}

void ChannelClient::FailAll(absl::Status status) {
  if (status.ok()) status = absl::UnavailableError("channel closed");
  dead_ = true;
  refuseStatus_ = status;
  outgoing_.clear();
  // Fail in id order (the order the requests were made), with the state already cleared so that
  // a handler starting a new request sees a dead client.
  std::vector<std::pair<uint32_t, ResponseHandler>> failed;
  failed.reserve(pending_.size());
  for (auto& [id, pending] : pending_)
    failed.emplace_back(id, std::move(pending.handler));
  pending_.clear();
  deadlines_.clear();
  std::sort(failed.begin(), failed.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [id, handler] : failed)
    handler(status);
}

void ChannelClient::Refuse(absl::Status status) {
  if (dead_ || refusing()) return;
  refuseStatus_ = std::move(status);
}

uint64_t ChannelClient::Subscribe(std::string handlerId, NotificationHandler handler) {
  uint64_t token = ++lastToken_;
  byHandlerId_[handlerId].push_back(token);
  subscriptions_.emplace(token,
                         Subscription{std::move(handlerId), false,
                                      std::make_shared<NotificationHandler>(std::move(handler))});
  return token;
}

uint64_t ChannelClient::SubscribeAll(NotificationHandler handler) {
  uint64_t token = ++lastToken_;
  all_.push_back(token);
  subscriptions_.emplace(
      token, Subscription{"", true, std::make_shared<NotificationHandler>(std::move(handler))});
  return token;
}

void ChannelClient::Unsubscribe(uint64_t token) {
  auto it = subscriptions_.find(token);
  if (it == subscriptions_.end()) return;
  std::vector<uint64_t>* tokens = &all_;
  if (!it->second.all) {
    auto byId = byHandlerId_.find(it->second.handlerId);
    tokens = byId == byHandlerId_.end() ? nullptr : &byId->second;
  }
  if (tokens != nullptr) {
    tokens->erase(std::remove(tokens->begin(), tokens->end(), token), tokens->end());
    if (!it->second.all && tokens->empty()) byHandlerId_.erase(it->second.handlerId);
  }
  subscriptions_.erase(it);
}

void ChannelClient::ReportProtocolError(std::string_view what) {
  if (protocolErrorHandler_) protocolErrorHandler_(what);
}

}  // namespace weir::detail
