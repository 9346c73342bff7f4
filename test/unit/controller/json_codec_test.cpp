// The schema-driven JSON codec: method table, request encoding, body errors, response,
// notification and log printing.

#include "detail/json_codec.hpp"

#include "channel/framing/frame_decoder.hpp"
#include "doctest/doctest.h"

namespace weir::detail {

namespace {

std::unique_ptr<JsonCodec> MakeCodec() {
  auto codec = JsonCodec::Create();
  REQUIRE(codec.ok());
  return *std::move(codec);
}

// Decodes one frame (prefix included) back into the Request it carries.
struct Decoded {
  std::vector<uint64_t> storage;
  const fbs::Request* request = nullptr;
};

void Decode(const std::vector<uint8_t>& frame, Decoded& out) {
  REQUIRE(frame.size() >= 4);
  CHECK(base::LoadLe32(frame.data()) == frame.size() - 4);
  size_t size = frame.size() - 4;
  out.storage.resize((size + 7) / 8);
  std::memcpy(out.storage.data(), frame.data() + 4, size);
  auto* data = reinterpret_cast<const uint8_t*>(out.storage.data());
  flatbuffers::Verifier verifier(data, size);
  REQUIRE(fbs::VerifyMessageBuffer(verifier));
  out.request = fbs::GetMessage(data)->data_as_Request();
  REQUIRE(out.request != nullptr);
}

template <typename Build>
std::vector<uint8_t> Finished(Build build) {
  flatbuffers::FlatBufferBuilder b;
  b.Finish(build(b));
  return {b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()};
}

}  // namespace

TEST_CASE("methods: every Method of the schema, with the dotted name and its body") {
  auto codec = MakeCodec();
  for (auto method : fbs::EnumValuesMethod()) {
    std::string name = fbs::EnumNameMethod(method);
    name[name.find('_')] = '.';
    const JsonCodec::MethodInfo* info = codec->FindMethod(name);
    REQUIRE_MESSAGE(info != nullptr, name);
    CHECK(info->value == static_cast<uint16_t>(method));
  }
  const JsonCodec::MethodInfo* create = codec->FindMethod("worker.createRouter");
  REQUIRE(create != nullptr);
  CHECK(create->bodyType == static_cast<uint8_t>(fbs::RequestBody::worker_createRouter));
  CHECK(create->bodyTableName == "weir.fbs.WorkerCreateRouterRequest");
  CHECK(codec->FindMethod("worker.dump")->bodyType == 0);
  CHECK(codec->FindMethod("worker_dump") == nullptr);
  CHECK(codec->FindMethod("worker.teleport") == nullptr);
  CHECK(codec->FindMethod("") == nullptr);
}

TEST_CASE("requests: a body is parsed against its table") {
  auto codec = MakeCodec();
  std::vector<uint8_t> frame;
  REQUIRE(codec
              ->EncodeRequest(3, *codec->FindMethod("worker.createRouter"), "",
                              {{"routerId", "r1"}}, frame)
              .ok());
  Decoded decoded;
  Decode(frame, decoded);
  CHECK(decoded.request->id() == 3);
  CHECK(decoded.request->method() == fbs::Method::worker_createRouter);
  CHECK(decoded.request->handlerId()->str().empty());
  auto* body = decoded.request->body_as_worker_createRouter();
  REQUIRE(body != nullptr);
  CHECK(body->routerId()->str() == "r1");
}

TEST_CASE("requests: enums by name, vectors, and a handlerId that needs escaping") {
  auto codec = MakeCodec();
  std::vector<uint8_t> frame;
  std::string handlerId = "quote\" back\\slash \xC3\xA9";
  REQUIRE(codec
              ->EncodeRequest(7, *codec->FindMethod("worker.updateSettings"), handlerId,
                              {{"logLevel", "warn"}, {"logTags", {"ice", "dtls", "message"}}},
                              frame)
              .ok());
  Decoded decoded;
  Decode(frame, decoded);
  CHECK(decoded.request->handlerId()->str() == handlerId);
  auto* body = decoded.request->body_as_worker_updateSettings();
  REQUIRE(body != nullptr);
  CHECK(body->logLevel() == fbs::LogLevel::warn);
  REQUIRE(body->logTags()->size() == 3);
  CHECK(body->logTags()->Get(0) == fbs::LogTag::ice);
  CHECK(body->logTags()->Get(2) == fbs::LogTag::message);
}

TEST_CASE("requests: without a body, null and {} are the same; frames append") {
  auto codec = MakeCodec();
  std::vector<uint8_t> a, b;
  const auto& dump = *codec->FindMethod("router.dump");
  REQUIRE(codec->EncodeRequest(1, dump, "r9", nullptr, a).ok());
  REQUIRE(codec->EncodeRequest(1, dump, "r9", nlohmann::json::object(), b).ok());
  CHECK(a == b);
  Decoded decoded;
  Decode(a, decoded);
  CHECK(decoded.request->handlerId()->str() == "r9");
  CHECK(decoded.request->body_type() == fbs::RequestBody::NONE);
  // A second request is appended after the first.
  REQUIRE(codec->EncodeRequest(2, dump, "r9", nullptr, a).ok());
  channel::FrameDecoder decoder;
  decoder.Append(base::ByteView(a.data(), a.size()));
  CHECK(decoder.Next().kind == channel::FrameDecoder::Kind::kFrame);
  CHECK(decoder.Next().kind == channel::FrameDecoder::Kind::kFrame);
  CHECK(decoder.Next().kind == channel::FrameDecoder::Kind::kNeedMore);
}

TEST_CASE("requests: bodies that do not fit are InvalidArgument and write nothing") {
  auto codec = MakeCodec();
  const auto& create = *codec->FindMethod("worker.createRouter");
  struct Case {
    const JsonCodec::MethodInfo* method;
    nlohmann::json body;
    std::string message;
  };
  std::vector<Case> cases = {
      {codec->FindMethod("worker.dump"), {{"x", 1}}, "method worker.dump takes no body"},
      {&create, nlohmann::json::array({1}),
       "the body of worker.createRouter must be a JSON object"},
      {&create, "r1", "the body of worker.createRouter must be a JSON object"},
      {&create,
       {{"routerIdd", "r1"}},
       "invalid body for worker.createRouter: unknown field: routerIdd"},
      {&create, nlohmann::json::object(),
       "invalid body for worker.createRouter: required field is missing: routerId in "
       "WorkerCreateRouterRequest"},
      {&create, {{"routerId", 5}}, "invalid body for worker.createRouter: "},
      {codec->FindMethod("worker.updateSettings"),
       {{"logLevel", "loud"}},
       "invalid body for worker.updateSettings: "},
  };
  for (const Case& c : cases) {
    std::vector<uint8_t> frame;
    absl::Status status = codec->EncodeRequest(1, *c.method, "", c.body, frame);
    CAPTURE(c.body.dump());
    CHECK(status.code() == absl::StatusCode::kInvalidArgument);
    CHECK(std::string(status.message()).rfind(c.message, 0) == 0);
    CHECK(frame.empty());
  }
  // The parser recovers: a good request after the bad ones encodes.
  std::vector<uint8_t> frame;
  CHECK(codec->EncodeRequest(1, create, "", {{"routerId", "ok"}}, frame).ok());
}

TEST_CASE("responses: the body as JSON, default scalars and enum names included") {
  auto codec = MakeCodec();
  auto bytes = Finished([](flatbuffers::FlatBufferBuilder& b) {
    auto counters = fbs::CreateChannelCounters(b, 10, 20, 30, 40, 0, 0, 0, 0);
    auto ids = b.CreateVectorOfStrings({"r1", "r2"});
    auto version = b.CreateString("0.1.0");
    fbs::WorkerDumpResponseBuilder dump(b);
    dump.add_version(version);
    dump.add_pid(1234);
    dump.add_routerIds(ids);
    dump.add_channel(counters);
    dump.add_logLevel(fbs::LogLevel::warn);
    auto body = dump.Finish();
    auto response = fbs::CreateResponse(b, 9, true, fbs::ErrorKind::None, 0,
                                        fbs::ResponseBody::worker_dump, body.Union());
    return fbs::CreateMessage(b, fbs::Body::Response, response.Union());
  });
  auto* response = fbs::GetMessage(bytes.data())->data_as_Response();
  absl::StatusOr<nlohmann::json> json = codec->ResponseBody(*response);
  REQUIRE(json.ok());
  CHECK((*json)["version"] == "0.1.0");
  CHECK((*json)["pid"] == 1234);
  CHECK((*json)["routerIds"] == nlohmann::json::array({"r1", "r2"}));
  CHECK((*json)["logLevel"] == "warn");
  CHECK((*json)["channel"]["framesIn"] == 10);
  CHECK((*json)["channel"]["oversizedFrames"] == 0);  // a default scalar, printed
  CHECK((*json)["rtcMinPort"] == 0);
}

TEST_CASE("responses: none is null; an unknown union member is an error") {
  auto codec = MakeCodec();
  auto none = Finished([](flatbuffers::FlatBufferBuilder& b) {
    auto response = fbs::CreateResponse(b, 1, true);
    return fbs::CreateMessage(b, fbs::Body::Response, response.Union());
  });
  auto body = codec->ResponseBody(*fbs::GetMessage(none.data())->data_as_Response());
  REQUIRE(body.ok());
  CHECK(body->is_null());

  auto future = Finished([](flatbuffers::FlatBufferBuilder& b) {
    auto table = fbs::CreateRouterDumpResponseDirect(b, "x");
    auto response = fbs::CreateResponse(b, 1, true, fbs::ErrorKind::None, 0,
                                        static_cast<fbs::ResponseBody>(200), table.Union());
    return fbs::CreateMessage(b, fbs::Body::Response, response.Union());
  });
  auto unknown = codec->ResponseBody(*fbs::GetMessage(future.data())->data_as_Response());
  CHECK(unknown.status().code() == absl::StatusCode::kInternal);
}

TEST_CASE("notifications and logs in the JSON view") {
  auto codec = MakeCodec();
  auto bytes = Finished([](flatbuffers::FlatBufferBuilder& b) {
    auto body = fbs::CreateWorkerRunningNotificationDirect(b, "0.1.0", 4321);
    auto n = fbs::CreateNotificationDirect(b, "", fbs::Event::worker_running,
                                           fbs::NotificationBody::worker_running, body.Union());
    return fbs::CreateMessage(b, fbs::Body::Notification, n.Union());
  });
  auto json = codec->Notification(*fbs::GetMessage(bytes.data())->data_as_Notification());
  REQUIRE(json.ok());
  CHECK(*json == nlohmann::json{{"handlerId", ""},
                                {"event", "worker.running"},
                                {"body", {{"version", "0.1.0"}, {"pid", 4321}}}});
  CHECK(codec->EventName(fbs::Event::worker_running) == "worker.running");
  CHECK(codec->EventName(static_cast<fbs::Event>(999)) == "999");

  auto log = Finished([](flatbuffers::FlatBufferBuilder& b) {
    auto l = fbs::CreateLogDirect(b, fbs::LogLevel::warn, fbs::LogTag::message, "hi \"there\"");
    return fbs::CreateMessage(b, fbs::Body::Log, l.Union());
  });
  CHECK(JsonCodec::Log(*fbs::GetMessage(log.data())->data_as_Log()).dump() ==
        R"({"log":{"level":"warn","tag":"message","text":"hi \"there\""}})");
}

TEST_CASE("messages: any Message in the JSON view (requests, rejections, answers, events)") {
  auto codec = MakeCodec();
  const JsonCodec::MethodInfo* method = codec->FindMethod("router.closeTransport");
  REQUIRE(method != nullptr);
  std::vector<uint8_t> frame;
  REQUIRE(codec->EncodeRequest(7, *method, "r1", {{"transportId", "t1"}}, frame).ok());
  Decoded decoded;
  Decode(frame, decoded);
  auto* data = reinterpret_cast<const uint8_t*>(decoded.storage.data());
  auto request = codec->Message(*fbs::GetMessage(data));
  REQUIRE(request.ok());
  CHECK((*request)["id"] == 7);
  CHECK((*request)["method"] == "router.closeTransport");
  CHECK((*request)["handlerId"] == "r1");
  CHECK((*request)["body"]["transportId"] == "t1");

  auto rejected = Finished([](flatbuffers::FlatBufferBuilder& b) {
    auto reason = b.CreateString("no such producer");
    auto response = fbs::CreateResponse(b, 3, false, fbs::ErrorKind::NotFoundError, reason);
    return fbs::CreateMessage(b, fbs::Body::Response, response.Union());
  });
  auto json = codec->Message(*fbs::GetMessage(rejected.data()));
  REQUIRE(json.ok());
  CHECK(*json == nlohmann::json{{"id", 3},
                                {"accepted", false},
                                {"error", "NotFoundError"},
                                {"reason", "no such producer"}});

  auto accepted = Finished([](flatbuffers::FlatBufferBuilder& b) {
    auto response = fbs::CreateResponse(b, 4, true);
    return fbs::CreateMessage(b, fbs::Body::Response, response.Union());
  });
  json = codec->Message(*fbs::GetMessage(accepted.data()));
  REQUIRE(json.ok());
  CHECK(*json == nlohmann::json{{"id", 4}, {"accepted", true}});

  auto event = Finished([](flatbuffers::FlatBufferBuilder& b) {
    auto n = fbs::CreateNotificationDirect(b, "c1", fbs::Event::consumer_producerclose);
    return fbs::CreateMessage(b, fbs::Body::Notification, n.Union());
  });
  json = codec->Message(*fbs::GetMessage(event.data()));
  REQUIRE(json.ok());
  CHECK(*json == nlohmann::json{{"handlerId", "c1"}, {"event", "consumer.producerclose"}});
}

}  // namespace weir::detail
