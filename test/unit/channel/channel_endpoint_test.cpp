#include "channel/channel_endpoint.hpp"
#include "support/fake_environment.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "channel/framing/frame_decoder.hpp"
#include "channel/framing/frame_encoder.hpp"

using namespace weir;

namespace {

// Collects what the endpoint writes, decoded back into Messages.
class CollectingSink : public channel::FrameSink {
 public:
  bool WriteFrame(base::ByteView payload, channel::FrameClass) override {
    auto header = channel::EncodeFrameHeader(static_cast<uint32_t>(payload.size()));
    decoder.Append(header);
    decoder.Append(payload);
    for (;;) {
      auto event = decoder.Next();
      if (event.kind != channel::FrameDecoder::Kind::kFrame) break;
      frames.emplace_back(event.frame.begin(), event.frame.end());
    }
    return true;
  }
  // The i-th frame as a verified Message.
  const fbs::Message* At(size_t i) {
    flatbuffers::Verifier verifier(frames.at(i).data(), frames.at(i).size());
    REQUIRE(fbs::VerifyMessageBuffer(verifier));
    return fbs::GetMessage(frames.at(i).data());
  }
  std::vector<const fbs::Response*> Responses() {
    std::vector<const fbs::Response*> out;
    for (size_t i = 0; i < frames.size(); ++i) {
      if (auto* r = At(i)->data_as_Response()) out.push_back(r);
    }
    return out;
  }

  channel::FrameDecoder decoder;
  std::vector<std::vector<uint8_t>> frames;
};

template <typename F>
std::vector<uint8_t> RequestFrame(uint32_t id, fbs::Method method, const std::string& handlerId,
                                  fbs::RequestBody bodyType, F buildBody) {
  flatbuffers::FlatBufferBuilder b;
  flatbuffers::Offset<void> body = buildBody(b);
  auto request = fbs::CreateRequestDirect(b, id, method, handlerId.c_str(), bodyType, body);
  b.Finish(fbs::CreateMessage(b, fbs::Body::Request, request.Union()));
  std::vector<uint8_t> frame;
  channel::AppendFrame(base::ByteView(b.GetBufferPointer(), b.GetSize()), &frame);
  return frame;
}

std::vector<uint8_t> RequestFrame(uint32_t id, fbs::Method method,
                                  const std::string& handlerId = "") {
  return RequestFrame(id, method, handlerId, fbs::RequestBody::NONE,
                      [](flatbuffers::FlatBufferBuilder&) { return flatbuffers::Offset<void>(); });
}

std::vector<uint8_t> CreateRouterFrame(uint32_t id, const std::string& routerId) {
  return RequestFrame(
      id, fbs::Method::worker_createRouter, "", fbs::RequestBody::worker_createRouter,
      [&](flatbuffers::FlatBufferBuilder& b) {
        return fbs::CreateWorkerCreateRouterRequestDirect(b, routerId.c_str()).Union();
      });
}

struct Fixture {
  test::FakeEnvironment fakeEnv;
  sfu::Worker worker{sfu::WorkerSettings{}, fakeEnv.env};
  CollectingSink sink;
  channel::ChannelEndpoint endpoint{worker, sink};
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "createRouter is accepted, a duplicate id is an InvalidStateError") {
  endpoint.HandleBytes(CreateRouterFrame(1, "r1"));
  endpoint.HandleBytes(CreateRouterFrame(2, "r1"));
  auto responses = sink.Responses();
  REQUIRE(responses.size() == 2);
  CHECK(responses[0]->id() == 1);
  CHECK(responses[0]->accepted());
  CHECK(responses[1]->id() == 2);
  CHECK_FALSE(responses[1]->accepted());
  CHECK(responses[1]->error() == fbs::ErrorKind::InvalidStateError);
  CHECK(std::string(responses[1]->reason()->c_str()).find("r1") != std::string::npos);
  CHECK(worker.RouterIds() == std::vector<std::string>{"r1"});
}

TEST_CASE_FIXTURE(Fixture, "unknown handler id is a NotFoundError") {
  endpoint.HandleBytes(RequestFrame(7, fbs::Method::router_dump, "nope"));
  auto responses = sink.Responses();
  REQUIRE(responses.size() == 1);
  CHECK_FALSE(responses[0]->accepted());
  CHECK(responses[0]->error() == fbs::ErrorKind::NotFoundError);
}

TEST_CASE_FIXTURE(Fixture, "missing body is a TypeError naming the method") {
  endpoint.HandleBytes(RequestFrame(3, fbs::Method::worker_createRouter));
  auto responses = sink.Responses();
  REQUIRE(responses.size() == 1);
  CHECK(responses[0]->error() == fbs::ErrorKind::TypeError);
  CHECK(std::string(responses[0]->reason()->c_str()).find("worker_createRouter") !=
        std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "a method the worker does not know is a TypeError") {
  endpoint.HandleBytes(RequestFrame(4, static_cast<fbs::Method>(60000)));
  auto responses = sink.Responses();
  REQUIRE(responses.size() == 1);
  CHECK(responses[0]->error() == fbs::ErrorKind::TypeError);
  CHECK(std::string(responses[0]->reason()->c_str()).find("unknown method") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture,
                  "unverifiable buffers are dropped and counted; the next request is answered") {
  std::vector<uint8_t> garbage;
  channel::AppendFrame(std::vector<uint8_t>{1, 2, 3, 4, 5, 6, 7, 8, 9}, &garbage);
  channel::AppendFrame(std::vector<uint8_t>{}, &garbage);
  endpoint.HandleBytes(garbage);
  CHECK(sink.Responses().empty());
  CHECK(endpoint.counters().unverifiableBuffers == 2);
  endpoint.HandleBytes(RequestFrame(5, fbs::Method::worker_dump));
  auto responses = sink.Responses();
  REQUIRE(responses.size() == 1);
  CHECK(responses[0]->accepted());
  auto* dump = responses[0]->body_as_worker_dump();
  REQUIRE(dump != nullptr);
  CHECK(dump->channel()->unverifiableBuffers() == 2);
}

TEST_CASE_FIXTURE(Fixture, "a message that is not a Request is counted and dropped") {
  flatbuffers::FlatBufferBuilder b;
  auto log = fbs::CreateLogDirect(b, fbs::LogLevel::warn, fbs::LogTag::info, "hi");
  b.Finish(fbs::CreateMessage(b, fbs::Body::Log, log.Union()));
  std::vector<uint8_t> frame;
  channel::AppendFrame(base::ByteView(b.GetBufferPointer(), b.GetSize()), &frame);
  endpoint.HandleBytes(frame);
  CHECK(endpoint.counters().unexpectedMessages == 1);
  CHECK(sink.Responses().empty());
}

TEST_CASE_FIXTURE(Fixture, "closeRouter and router.dump") {
  endpoint.HandleBytes(CreateRouterFrame(1, "r1"));
  endpoint.HandleBytes(RequestFrame(2, fbs::Method::router_dump, "r1"));
  endpoint.HandleBytes(
      RequestFrame(3, fbs::Method::worker_closeRouter, "", fbs::RequestBody::worker_closeRouter,
                   [](flatbuffers::FlatBufferBuilder& b) {
                     return fbs::CreateWorkerCloseRouterRequestDirect(b, "r1").Union();
                   }));
  endpoint.HandleBytes(RequestFrame(4, fbs::Method::router_dump, "r1"));
  auto responses = sink.Responses();
  REQUIRE(responses.size() == 4);
  auto* dump = responses[1]->body_as_router_dump();
  REQUIRE(dump != nullptr);
  CHECK(dump->id()->str() == "r1");
  CHECK(responses[2]->accepted());
  CHECK(responses[3]->error() == fbs::ErrorKind::NotFoundError);
  CHECK(worker.router_count() == 0);
}

TEST_CASE_FIXTURE(Fixture, "worker.close is answered, then the close callback runs") {
  bool closed = false;
  endpoint.SetCloseRequestedCallback([&] { closed = true; });
  auto close = RequestFrame(9, fbs::Method::worker_close);
  auto after = RequestFrame(10, fbs::Method::worker_dump);
  close.insert(close.end(), after.begin(), after.end());
  endpoint.HandleBytes(close);
  CHECK(closed);
  auto responses = sink.Responses();
  REQUIRE(responses.size() == 1);  // Nothing after worker.close is handled.
  CHECK(responses[0]->id() == 9);
  CHECK(responses[0]->accepted());
}

TEST_CASE_FIXTURE(Fixture, "updateSettings changes the log level; logs become Log messages") {
  auto& logger = base::Logger::Instance();
  logger.SetSink(&endpoint);
  endpoint.HandleBytes(RequestFrame(
      1, fbs::Method::worker_updateSettings, "", fbs::RequestBody::worker_updateSettings,
      [](flatbuffers::FlatBufferBuilder& b) {
        std::vector<fbs::LogTag> tags{fbs::LogTag::rtp};
        return fbs::CreateWorkerUpdateSettingsRequestDirect(b, fbs::LogLevel::warn, &tags).Union();
      }));
  CHECK(logger.level() == base::LogLevel::kWarn);
  CHECK(logger.tags() == base::Logger::TagBit(base::LogTag::kRtp));
  WEIR_WARN(kRtp, "bad packet %d", 42);
  WEIR_DEBUG(kRtp, "not emitted at level warn");
  logger.SetSink(nullptr);
  logger.SetLevel(base::LogLevel::kError);
  logger.SetTags(0);
  std::vector<std::string> texts;
  for (size_t i = 0; i < sink.frames.size(); ++i) {
    if (auto* log = sink.At(i)->data_as_Log()) texts.push_back(log->text()->str());
  }
  CHECK(texts == std::vector<std::string>{"bad packet 42"});
}
