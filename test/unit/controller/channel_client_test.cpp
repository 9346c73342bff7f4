// The sans-IO channel client: ids, matching, timeouts, notification routing, FailAll. Frames are
// built here exactly as the worker builds them (Finish, then a 4-byte length); time is a plain
// value.

#include "detail/channel_client.hpp"

#include <map>

#include "channel/framing/frame_decoder.hpp"
#include "channel/framing/frame_encoder.hpp"
#include "doctest/doctest.h"
#include "weir/errors.hpp"

namespace weir::detail {

namespace {

using TimePoint = ChannelClient::TimePoint;
using namespace std::chrono_literals;

const TimePoint kT0 = TimePoint() + 1000s;

std::vector<uint8_t> Finish(flatbuffers::FlatBufferBuilder& b, fbs::Body type,
                            flatbuffers::Offset<void> data) {
  b.Finish(fbs::CreateMessage(b, type, data));
  std::vector<uint8_t> frame;
  channel::AppendFrame(base::ByteView(b.GetBufferPointer(), b.GetSize()), &frame);
  return frame;
}

// An accepted worker.dump response whose version names it, with 8-byte counters (alignment).
std::vector<uint8_t> DumpResponse(uint32_t id, const std::string& version) {
  flatbuffers::FlatBufferBuilder b;
  auto counters = fbs::CreateChannelCounters(b, 1, 2, 3, 4, 5, 6, 7, 8);
  auto v = b.CreateString(version);
  fbs::WorkerDumpResponseBuilder dump(b);
  dump.add_version(v);
  dump.add_channel(counters);
  auto body = dump.Finish();
  auto response = fbs::CreateResponse(b, id, true, fbs::ErrorKind::None, 0,
                                      fbs::ResponseBody::worker_dump, body.Union());
  return Finish(b, fbs::Body::Response, response.Union());
}

std::vector<uint8_t> Rejection(uint32_t id, fbs::ErrorKind kind, const std::string& reason) {
  flatbuffers::FlatBufferBuilder b;
  auto response = fbs::CreateResponseDirect(b, id, false, kind, reason.c_str());
  return Finish(b, fbs::Body::Response, response.Union());
}

std::vector<uint8_t> NotificationFrame(const std::string& handlerId) {
  flatbuffers::FlatBufferBuilder b;
  auto body = fbs::CreateWorkerRunningNotificationDirect(b, "1.2.3", 77);
  auto n = fbs::CreateNotificationDirect(b, handlerId.c_str(), fbs::Event::worker_running,
                                         fbs::NotificationBody::worker_running, body.Union());
  return Finish(b, fbs::Body::Notification, n.Union());
}

std::vector<uint8_t> LogFrame(const std::string& text) {
  flatbuffers::FlatBufferBuilder b;
  auto log = fbs::CreateLogDirect(b, fbs::LogLevel::warn, fbs::LogTag::ice, text.c_str());
  return Finish(b, fbs::Body::Log, log.Union());
}

absl::Status EncodeDump(uint32_t id, std::vector<uint8_t>& out) {
  flatbuffers::FlatBufferBuilder b;
  auto request = fbs::CreateRequestDirect(b, id, fbs::Method::worker_dump, "");
  b.Finish(fbs::CreateMessage(b, fbs::Body::Request, request.Union()));
  channel::AppendFrame(base::ByteView(b.GetBufferPointer(), b.GetSize()), &out);
  return absl::OkStatus();
}

void Feed(ChannelClient& client, const std::vector<uint8_t>& bytes) {
  client.HandleBytes(base::ByteView(bytes.data(), bytes.size()));
}

// What a response handler saw.
struct Outcome {
  bool called = false;
  absl::Status status;
  uint32_t id = 0;
  std::string version;
};

ChannelClient::ResponseHandler Record(Outcome& outcome) {
  return [&outcome](absl::StatusOr<const fbs::Response*> response) {
    outcome.called = true;
    outcome.status = response.status();
    if (response.ok()) {
      outcome.id = (*response)->id();
      auto* dump = (*response)->body_as_worker_dump();
      if (dump && dump->version()) outcome.version = dump->version()->str();
    }
  };
}

uint32_t Send(ChannelClient& client, Outcome& outcome, TimePoint deadline = kT0 + 10s) {
  return client.Request("worker.dump", EncodeDump, deadline, Record(outcome));
}

// The ids of the requests in the client's output.
std::vector<uint32_t> SentIds(ChannelClient& client) {
  std::vector<uint8_t> bytes = client.PollTransmit();
  channel::FrameDecoder decoder;
  decoder.Append(base::ByteView(bytes.data(), bytes.size()));
  std::vector<uint32_t> ids;
  for (auto event = decoder.Next(); event.kind == channel::FrameDecoder::Kind::kFrame;
       event = decoder.Next()) {
    flatbuffers::Verifier verifier(event.frame.data(), event.frame.size());
    REQUIRE(fbs::VerifyMessageBuffer(verifier));
    ids.push_back(fbs::GetMessage(event.frame.data())->data_as_Request()->id());
  }
  return ids;
}

}  // namespace

TEST_CASE("ids: assigned in order from 1 and written in order") {
  ChannelClient client;
  Outcome a, b, c;
  CHECK(Send(client, a) == 1);
  CHECK(Send(client, b) == 2);
  CHECK(Send(client, c) == 3);
  CHECK(SentIds(client) == std::vector<uint32_t>{1, 2, 3});
  CHECK(client.PollTransmit().empty());
  CHECK(client.pending() == 3);
  CHECK(client.counters().requests == 3);
}

TEST_CASE("matching: responses out of order reach their own requests") {
  ChannelClient client;
  Outcome a, b, c;
  Send(client, a);
  Send(client, b);
  Send(client, c);
  Feed(client, DumpResponse(3, "three"));
  CHECK(c.called);
  CHECK_FALSE(a.called);
  Feed(client, DumpResponse(1, "one"));
  Feed(client, DumpResponse(2, "two"));
  CHECK(a.status.ok());
  CHECK(a.id == 1);
  CHECK(a.version == "one");
  CHECK(b.version == "two");
  CHECK(c.version == "three");
  CHECK(client.pending() == 0);
  CHECK(client.counters().responses == 3);
  // A second response to the same id matches nothing.
  std::vector<std::string> errors;
  client.SetProtocolErrorHandler([&](std::string_view e) { errors.emplace_back(e); });
  Feed(client, DumpResponse(3, "again"));
  CHECK(client.counters().unmatchedResponses == 1);
  CHECK(errors == std::vector<std::string>{"response to unknown request id 3"});
}

TEST_CASE("matching: frames split byte by byte and coalesced in one read") {
  ChannelClient client;
  Outcome a, b, c;
  Send(client, a);
  Send(client, b);
  Send(client, c);
  std::vector<uint8_t> first = DumpResponse(1, "one");
  for (uint8_t byte : first) {
    CHECK_FALSE(a.called);
    client.HandleBytes(base::ByteView(&byte, 1));
  }
  CHECK(a.version == "one");
  std::vector<uint8_t> both = DumpResponse(2, "two");
  std::vector<uint8_t> third = DumpResponse(3, "three");
  both.insert(both.end(), third.begin(), third.end());
  Feed(client, both);
  CHECK(b.version == "two");
  CHECK(c.version == "three");
}

TEST_CASE("rejections: each ErrorKind maps onto its absl code, the reason is the message") {
  const std::map<fbs::ErrorKind, std::pair<absl::StatusCode, std::string>> cases = {
      {fbs::ErrorKind::TypeError, {absl::StatusCode::kInvalidArgument, "TypeError"}},
      {fbs::ErrorKind::InvalidStateError,
       {absl::StatusCode::kFailedPrecondition, "InvalidStateError"}},
      {fbs::ErrorKind::NotFoundError, {absl::StatusCode::kNotFound, "NotFoundError"}},
      {fbs::ErrorKind::Error, {absl::StatusCode::kInternal, "Error"}},
      // A rejection without a kind is still a rejection.
      {fbs::ErrorKind::None, {absl::StatusCode::kInternal, "Error"}},
  };
  for (const auto& [kind, expected] : cases) {
    ChannelClient client;
    Outcome outcome;
    uint32_t id = Send(client, outcome);
    Feed(client, Rejection(id, kind, "routerId is missing"));
    REQUIRE(outcome.called);
    CHECK(outcome.status.code() == expected.first);
    CHECK(outcome.status.message() == "routerId is missing");
    CHECK(WorkerErrorKind(outcome.status) == expected.second);
  }
}

TEST_CASE("timeouts: the earliest deadline is the next timeout, expired requests fail alone") {
  ChannelClient client;
  CHECK_FALSE(client.NextTimeout().has_value());
  Outcome early, late;
  Send(client, early, kT0 + 100ms);
  Send(client, late, kT0 + 200ms);
  REQUIRE(client.NextTimeout().has_value());
  CHECK(*client.NextTimeout() == kT0 + 100ms);
  client.HandleTimeout(kT0 + 99ms);
  CHECK_FALSE(early.called);
  client.HandleTimeout(kT0 + 150ms);
  CHECK(early.called);
  CHECK(early.status.code() == absl::StatusCode::kDeadlineExceeded);
  CHECK(early.status.message() == "worker.dump (request 1) got no response in time");
  CHECK_FALSE(late.called);
  CHECK(*client.NextTimeout() == kT0 + 200ms);
  // The late answer to the expired request is counted and dropped; the other one is delivered.
  Feed(client, DumpResponse(1, "too late"));
  CHECK(client.counters().unmatchedResponses == 1);
  Feed(client, DumpResponse(2, "in time"));
  CHECK(late.status.ok());
  CHECK(late.version == "in time");
  CHECK_FALSE(client.NextTimeout().has_value());
  CHECK(client.counters().timeouts == 1);
}

TEST_CASE("notifications: routed by handlerId, to every subscriber, and to catch-alls") {
  ChannelClient client;
  std::vector<std::string> seen;
  uint64_t r1a = client.Subscribe(
      "r1", [&](const fbs::Notification& n) { seen.push_back("r1a:" + n.handlerId()->str()); });
  client.Subscribe("r1", [&](const fbs::Notification&) { seen.push_back("r1b"); });
  client.Subscribe("r2", [&](const fbs::Notification&) { seen.push_back("r2"); });
  client.SubscribeAll(
      [&](const fbs::Notification& n) { seen.push_back("all:" + n.handlerId()->str()); });
  Feed(client, NotificationFrame("r1"));
  CHECK(seen == std::vector<std::string>{"r1a:r1", "r1b", "all:r1"});
  seen.clear();
  Feed(client, NotificationFrame("r3"));
  CHECK(seen == std::vector<std::string>{"all:r3"});
  seen.clear();
  client.Unsubscribe(r1a);
  Feed(client, NotificationFrame("r1"));
  CHECK(seen == std::vector<std::string>{"r1b", "all:r1"});
  CHECK(client.counters().notifications == 3);
}

TEST_CASE("notifications: a subscriber may unsubscribe itself and others while it runs") {
  ChannelClient client;
  int calls = 0, otherCalls = 0;
  uint64_t other = 0;
  uint64_t self = 0;
  self = client.Subscribe("x", [&](const fbs::Notification&) {
    ++calls;
    client.Unsubscribe(self);
    client.Unsubscribe(other);
  });
  other = client.Subscribe("x", [&](const fbs::Notification&) { ++otherCalls; });
  Feed(client, NotificationFrame("x"));
  Feed(client, NotificationFrame("x"));
  CHECK(calls == 1);
  CHECK(otherCalls == 0);
}

TEST_CASE("logs: handed to the log handler") {
  ChannelClient client;
  std::vector<std::string> logs;
  client.SetLogHandler([&](const fbs::Log& log) {
    logs.push_back(std::string(fbs::EnumNameLogTag(log.tag())) + ":" + log.text()->str());
  });
  Feed(client, LogFrame("binding request without USERNAME"));
  CHECK(logs == std::vector<std::string>{"ice:binding request without USERNAME"});
  CHECK(client.counters().logs == 1);
}

TEST_CASE("FailAll: pending requests fail in order, later ones fail from the next timeout") {
  ChannelClient client;
  std::vector<uint32_t> order;
  std::vector<absl::Status> statuses;
  for (int i = 0; i < 3; ++i) {
    client.Request("worker.dump", EncodeDump, kT0 + 10s,
                   [&, i](absl::StatusOr<const fbs::Response*> r) {
                     order.push_back(static_cast<uint32_t>(i));
                     statuses.push_back(r.status());
                   });
  }
  absl::Status dead = absl::UnavailableError("worker 42 died: killed by signal 9 (Killed)");
  client.FailAll(dead);
  CHECK(order == std::vector<uint32_t>{0, 1, 2});
  for (const auto& status : statuses)
    CHECK(status == dead);
  CHECK(client.pending() == 0);
  CHECK(client.PollTransmit().empty());  // queued requests are not sent to a dead worker
  CHECK_FALSE(client.NextTimeout().has_value());

  Outcome later;
  CHECK(Send(client, later) == 0);
  CHECK_FALSE(later.called);  // never from inside Request()
  CHECK(client.NextTimeout() == TimePoint::min());
  client.HandleTimeout(kT0);
  CHECK(later.called);
  CHECK(later.status == dead);
  CHECK(client.PollTransmit().empty());
}

TEST_CASE("FailAll: a handler that makes a new request sees a dead client") {
  ChannelClient client;
  Outcome retry;
  bool first = false;
  client.Request("worker.dump", EncodeDump, kT0 + 10s, [&](absl::StatusOr<const fbs::Response*>) {
    first = true;
    Send(client, retry);
  });
  client.FailAll(absl::UnavailableError("gone"));
  CHECK(first);
  CHECK_FALSE(retry.called);
  client.HandleTimeout(kT0);
  CHECK(retry.status.code() == absl::StatusCode::kUnavailable);
}

TEST_CASE("Refuse: new requests fail, pending ones still complete") {
  ChannelClient client;
  Outcome pending, refused;
  Send(client, pending);
  client.Refuse(absl::FailedPreconditionError("worker 7 is closed"));
  CHECK(Send(client, refused) == 0);
  client.HandleTimeout(kT0);
  CHECK(refused.status.code() == absl::StatusCode::kFailedPrecondition);
  Feed(client, DumpResponse(1, "answered"));
  CHECK(pending.status.ok());
  CHECK(pending.version == "answered");
}

TEST_CASE("encoding errors: the request fails from the next timeout, nothing is sent") {
  ChannelClient client;
  Outcome outcome;
  uint32_t id = client.Request(
      "worker.nothing",
      [](uint32_t, std::vector<uint8_t>& out) {
        out.push_back(0xAA);  // partial output is discarded
        return absl::InvalidArgumentError("unknown method 'worker.nothing'");
      },
      kT0 + 10s, Record(outcome));
  CHECK(id == 0);
  CHECK(client.PollTransmit().empty());
  CHECK(client.pending() == 0);
  client.HandleTimeout(kT0);
  CHECK(outcome.status.code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("handlers may start requests: ids keep increasing and frames queue up") {
  ChannelClient client;
  Outcome second;
  client.Request("worker.dump", EncodeDump, kT0 + 10s,
                 [&](absl::StatusOr<const fbs::Response*>) { Send(client, second); });
  CHECK(SentIds(client) == std::vector<uint32_t>{1});
  Feed(client, DumpResponse(1, "one"));
  CHECK(SentIds(client) == std::vector<uint32_t>{2});
  Feed(client, DumpResponse(2, "two"));
  CHECK(second.version == "two");
}

TEST_CASE("bad frames from the worker: counted, reported, and the next frame still works") {
  ChannelClient client;
  std::vector<std::string> errors;
  client.SetProtocolErrorHandler([&](std::string_view e) { errors.emplace_back(e); });
  Outcome outcome;
  Send(client, outcome);

  std::vector<uint8_t> garbage;
  channel::AppendFrame(base::ByteView(reinterpret_cast<const uint8_t*>("not a flatbuffer!"), 17),
                       &garbage);
  Feed(client, garbage);
  std::vector<uint8_t> empty;
  channel::AppendFrame({}, &empty);
  Feed(client, empty);
  // A Request is not something a worker sends.
  std::vector<uint8_t> request;
  REQUIRE(EncodeDump(9, request).ok());
  Feed(client, request);
  // A length above 4 MiB is skipped with its bytes.
  std::vector<uint8_t> oversized(4 + channel::kMaxFrameSize + 1, 0x5A);
  base::StoreLe32(oversized.data(), channel::kMaxFrameSize + 1);
  Feed(client, oversized);

  CHECK(client.counters().badFrames == 4);
  REQUIRE(errors.size() == 4);
  CHECK(errors[0] == "frame of 17 bytes failed verification");
  CHECK(errors[1] == "frame of 0 bytes failed verification");
  CHECK(errors[2] == "unexpected message of type Request");
  CHECK(errors[3] == "frame of 4194305 bytes exceeds the 4194304-byte limit, skipped");
  CHECK_FALSE(outcome.called);
  Feed(client, DumpResponse(1, "still here"));
  CHECK(outcome.version == "still here");
}

TEST_CASE("alignment: a size-prefixed buffer with 8-byte fields is refused, not misread") {
  // FinishSizePrefixed aligns relative to the prefix; once the prefix is stripped the 8-byte
  // counters are misaligned for the Verifier. The protocol says: plain Finish, then the length.
  ChannelClient client;
  Outcome outcome;
  Send(client, outcome);
  flatbuffers::FlatBufferBuilder b;
  auto counters = fbs::CreateChannelCounters(b, 1, 2, 3, 4, 5, 6, 7, 8);
  fbs::WorkerDumpResponseBuilder dump(b);
  dump.add_channel(counters);
  auto body = dump.Finish();
  auto response = fbs::CreateResponse(b, 1, true, fbs::ErrorKind::None, 0,
                                      fbs::ResponseBody::worker_dump, body.Union());
  b.FinishSizePrefixed(fbs::CreateMessage(b, fbs::Body::Response, response.Union()));
  Feed(client, std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()));
  CHECK_FALSE(outcome.called);
  CHECK(client.counters().badFrames == 1);
}

}  // namespace weir::detail
