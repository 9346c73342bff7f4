// router.createAudioLevelObserver / createActiveSpeakerObserver / closeRtpObserver and
// rtpObserver.* through the channel: bodies, defaults, errors, router.dump, notifications.

#include "channel/channel_endpoint.hpp"
#include "support/fake_environment.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "channel/channel_notifier.hpp"
#include "channel/framing/frame_decoder.hpp"
#include "channel/framing/frame_encoder.hpp"
#include "sfu/ortc/producer_mapping.hpp"

using namespace weir;
using B = flatbuffers::FlatBufferBuilder;

namespace {

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
  const fbs::Message* At(size_t i) {
    flatbuffers::Verifier verifier(frames.at(i).data(), frames.at(i).size());
    REQUIRE(fbs::VerifyMessageBuffer(verifier));
    return fbs::GetMessage(frames.at(i).data());
  }
  const fbs::Response* LastResponse() {
    for (size_t i = frames.size(); i-- > 0;) {
      if (auto* r = At(i)->data_as_Response()) return r;
    }
    FAIL("no response");
    return nullptr;
  }
  std::vector<const fbs::Notification*> Notifications() {
    std::vector<const fbs::Notification*> out;
    for (size_t i = 0; i < frames.size(); ++i) {
      if (auto* n = At(i)->data_as_Notification()) out.push_back(n);
    }
    return out;
  }

  channel::FrameDecoder decoder;
  std::vector<std::vector<uint8_t>> frames;
};

struct Fixture {
  Fixture() {
    notifier.Attach(&endpoint);
    worker.CreateRouter("r1", {OpusCodec(), Vp8Codec()});
    worker.CreateRouter("r2", {OpusCodec(), Vp8Codec()});
  }

  static sfu::RtpCodecCapability OpusCodec() {
    sfu::RtpCodecCapability c;
    c.kind = sfu::MediaKind::kAudio;
    c.mimeType = "audio/opus";
    c.clockRate = 48000;
    c.channels = 2;
    return c;
  }
  static sfu::RtpCodecCapability Vp8Codec() {
    sfu::RtpCodecCapability c;
    c.kind = sfu::MediaKind::kVideo;
    c.mimeType = "video/VP8";
    c.clockRate = 90000;
    return c;
  }

  // A producer made directly on the sfu objects (the produce request is tested elsewhere).
  sfu::Producer& Produce(const std::string& routerId, const std::string& id, sfu::MediaKind kind) {
    sfu::Router& router = worker.GetRouter(routerId);
    std::string transportId = "t-" + id;
    sfu::PlainTransportOptions options;
    options.listenInfo.ip = "127.0.0.1";
    sfu::Transport& transport = router.CreatePlainTransport(transportId, options);
    sfu::RtpParameters params;
    if (kind == sfu::MediaKind::kAudio) {
      params.codecs.push_back({"audio/opus", 111, 48000, 2, {}, {}});
    } else {
      params.codecs.push_back({"video/VP8", 96, 90000, std::nullopt, {}, {}});
    }
    sfu::RtpEncodingParameters encoding;
    encoding.ssrc = nextSsrc++;
    params.encodings.push_back(encoding);
    sfu::ProducerOptions po;
    po.id = id;
    po.kind = kind;
    po.rtpParameters = params;
    po.rtpMapping = sfu::ortc::GetProducerRtpMapping(params, router.rtpCapabilities(),
                                                     [&] { return router.NewSsrc(); });
    po.consumableRtpParameters = sfu::ortc::GetConsumableRtpParameters(
        kind, params, router.rtpCapabilities(), po.rtpMapping);
    return transport.Produce(std::move(po));
  }

  template <typename F>
  const fbs::Response& Call(fbs::Method method, const std::string& handlerId,
                            fbs::RequestBody bodyType, F buildBody) {
    B b;
    flatbuffers::Offset<void> body = buildBody(b);
    auto request = fbs::CreateRequestDirect(b, nextId++, method, handlerId.c_str(), bodyType, body);
    b.Finish(fbs::CreateMessage(b, fbs::Body::Request, request.Union()));
    std::vector<uint8_t> frame;
    channel::AppendFrame(base::ByteView(b.GetBufferPointer(), b.GetSize()), &frame);
    endpoint.HandleBytes(frame);
    return *sink.LastResponse();
  }
  const fbs::Response& Call(fbs::Method method, const std::string& handlerId) {
    return Call(method, handlerId, fbs::RequestBody::NONE,
                [](B&) { return flatbuffers::Offset<void>(); });
  }

  const fbs::Response& CreateAudioLevel(const std::string& routerId, const std::string& id,
                                        uint16_t maxEntries = 1, int8_t threshold = -80,
                                        uint16_t interval = 1000) {
    return Call(fbs::Method::router_createAudioLevelObserver, routerId,
                fbs::RequestBody::router_createAudioLevelObserver, [&](B& b) {
                  return fbs::CreateRouterCreateAudioLevelObserverRequestDirect(
                             b, id.c_str(), maxEntries, threshold, interval)
                      .Union();
                });
  }
  const fbs::Response& CreateActiveSpeaker(const std::string& routerId, const std::string& id,
                                           uint16_t interval = 300) {
    return Call(fbs::Method::router_createActiveSpeakerObserver, routerId,
                fbs::RequestBody::router_createActiveSpeakerObserver, [&](B& b) {
                  return fbs::CreateRouterCreateActiveSpeakerObserverRequestDirect(b, id.c_str(),
                                                                                   interval)
                      .Union();
                });
  }
  const fbs::Response& AddProducer(const std::string& observerId, const std::string& producerId,
                                   bool add = true) {
    if (add) {
      return Call(
          fbs::Method::rtpObserver_addProducer, observerId,
          fbs::RequestBody::rtpObserver_addProducer, [&](B& b) {
            return fbs::CreateRtpObserverAddProducerRequestDirect(b, producerId.c_str()).Union();
          });
    }
    return Call(
        fbs::Method::rtpObserver_removeProducer, observerId,
        fbs::RequestBody::rtpObserver_removeProducer, [&](B& b) {
          return fbs::CreateRtpObserverRemoveProducerRequestDirect(b, producerId.c_str()).Union();
        });
  }
  const fbs::Response& Close(const std::string& routerId, const std::string& id) {
    return Call(fbs::Method::router_closeRtpObserver, routerId,
                fbs::RequestBody::router_closeRtpObserver, [&](B& b) {
                  return fbs::CreateRouterCloseRtpObserverRequestDirect(b, id.c_str()).Union();
                });
  }

  test::FakeClock clock;
  test::FakeNetwork network{clock};
  channel::ChannelNotifier notifier;
  sfu::Environment env{clock, network, notifier, &test::TestCertificate(),
                       &test::TestDtlsContext()};
  sfu::Worker worker{sfu::WorkerSettings{}, env};
  CollectingSink sink;
  channel::ChannelEndpoint endpoint{worker, sink};
  uint32_t nextId = 1;
  uint32_t nextSsrc = 1000;
};

std::string Reason(const fbs::Response& r) {
  return r.reason() != nullptr ? r.reason()->str() : std::string();
}

}  // namespace

TEST_CASE_FIXTURE(Fixture, "create with schema defaults; router.dump lists the observers") {
  CHECK(CreateAudioLevel("r1", "alo").accepted());
  CHECK(CreateActiveSpeaker("r1", "aso").accepted());
  auto& alo =
      static_cast<sfu::AudioLevelObserver&>(worker.GetRouter("r1").rtpObservers().Get("alo"));
  CHECK(alo.config().maxEntries == 1);
  CHECK(alo.config().threshold == -80);
  CHECK(alo.config().interval == std::chrono::milliseconds(1000));
  auto& aso =
      static_cast<sfu::ActiveSpeakerObserver&>(worker.GetRouter("r1").rtpObservers().Get("aso"));
  CHECK(aso.interval() == std::chrono::milliseconds(300));
  // A body with every field absent takes the schema defaults too.
  CHECK(Call(fbs::Method::router_createAudioLevelObserver, "r1",
             fbs::RequestBody::router_createAudioLevelObserver,
             [](B& b) {
               auto id = b.CreateString("alo2");
               fbs::RouterCreateAudioLevelObserverRequestBuilder r(b);
               r.add_rtpObserverId(id);
               return r.Finish().Union();
             })
            .accepted());
  CHECK(CreateAudioLevel("r1", "alo3", 3, -40, 500).accepted());
  auto& alo3 =
      static_cast<sfu::AudioLevelObserver&>(worker.GetRouter("r1").rtpObservers().Get("alo3"));
  CHECK(alo3.config().maxEntries == 3);
  CHECK(alo3.config().threshold == -40);

  sfu::Producer& p = Produce("r1", "p1", sfu::MediaKind::kAudio);
  (void)p;
  CHECK(AddProducer("alo", "p1").accepted());
  CHECK(AddProducer("aso", "p1").accepted());
  const auto& r = Call(fbs::Method::router_dump, "r1");
  REQUIRE(r.accepted());
  auto* dump = r.body_as_router_dump();
  REQUIRE(dump != nullptr);
  std::vector<std::string> ids;
  for (const auto* id : *dump->rtpObserverIds())
    ids.push_back(id->str());
  CHECK(ids == std::vector<std::string>{"alo", "alo2", "alo3", "aso"});
  REQUIRE(dump->mapProducerIdObserverIds()->size() == 1);
  auto* entry = dump->mapProducerIdObserverIds()->Get(0);
  CHECK(entry->key()->str() == "p1");
  REQUIRE(entry->values()->size() == 2);
  CHECK(entry->values()->Get(0)->str() == "alo");
  CHECK(entry->values()->Get(1)->str() == "aso");
}

TEST_CASE_FIXTURE(Fixture, "create errors: router, duplicate id, options, body") {
  CHECK(CreateAudioLevel("nope", "x").error() == fbs::ErrorKind::NotFoundError);
  CHECK(CreateActiveSpeaker("r1", "x").accepted());
  const auto& dup = CreateAudioLevel("r2", "x");  // Ids are worker-wide.
  CHECK(dup.error() == fbs::ErrorKind::InvalidStateError);
  CHECK(Reason(dup).find("'x' already exists") != std::string::npos);
  const auto& zero = CreateAudioLevel("r1", "y", 0);
  CHECK(zero.error() == fbs::ErrorKind::TypeError);
  CHECK(Reason(zero).find("maxEntries") != std::string::npos);
  const auto& loud = CreateAudioLevel("r1", "y", 1, 10);
  CHECK(loud.error() == fbs::ErrorKind::TypeError);
  CHECK(Reason(loud).find("threshold: 10") != std::string::npos);
  CHECK(CreateAudioLevel("r1", "y", 1, -128).error() == fbs::ErrorKind::TypeError);
  const auto& fast = CreateAudioLevel("r1", "y", 1, -80, 10);
  CHECK(fast.error() == fbs::ErrorKind::TypeError);
  CHECK(Reason(fast).find("interval: 10 ms") != std::string::npos);
  CHECK(CreateActiveSpeaker("r1", "y", 20000).error() == fbs::ErrorKind::TypeError);
  CHECK(CreateActiveSpeaker("r1", "").error() == fbs::ErrorKind::TypeError);
  // No body, or the body of another method.
  CHECK(Call(fbs::Method::router_createActiveSpeakerObserver, "r1").error() ==
        fbs::ErrorKind::TypeError);
  CHECK(Call(fbs::Method::router_createActiveSpeakerObserver, "r1",
             fbs::RequestBody::router_closeRtpObserver,
             [](B& b) { return fbs::CreateRouterCloseRtpObserverRequestDirect(b, "y").Union(); })
            .error() == fbs::ErrorKind::TypeError);
  CHECK(worker.GetRouter("r1").rtpObservers().Ids() == std::vector<std::string>{"x"});
}

TEST_CASE_FIXTURE(Fixture, "close: by the observer's router only; unknown ids are NotFound") {
  REQUIRE(CreateAudioLevel("r1", "alo").accepted());
  CHECK(Close("r2", "alo").error() == fbs::ErrorKind::NotFoundError);
  CHECK(Close("r1", "nope").error() == fbs::ErrorKind::NotFoundError);
  CHECK(Close("r1", "alo").accepted());
  CHECK(Close("r1", "alo").error() == fbs::ErrorKind::NotFoundError);
  CHECK(Call(fbs::Method::rtpObserver_pause, "alo").error() == fbs::ErrorKind::NotFoundError);
  // Closing the router closes its observers: their ids are free again.
  REQUIRE(CreateActiveSpeaker("r1", "aso").accepted());
  worker.CloseRouter("r1");
  CHECK(CreateActiveSpeaker("r2", "aso").accepted());
}

TEST_CASE_FIXTURE(Fixture, "pause and resume") {
  REQUIRE(CreateAudioLevel("r1", "alo").accepted());
  auto& observer = worker.GetRouter("r1").rtpObservers().Get("alo");
  CHECK(Call(fbs::Method::rtpObserver_pause, "alo").accepted());
  CHECK(observer.paused());
  CHECK(Call(fbs::Method::rtpObserver_pause, "alo").accepted());  // Idempotent.
  CHECK(Call(fbs::Method::rtpObserver_resume, "alo").accepted());
  CHECK_FALSE(observer.paused());
  CHECK(Call(fbs::Method::rtpObserver_resume, "nope").error() == fbs::ErrorKind::NotFoundError);
  CHECK(Call(fbs::Method::rtpObserver_pause, "r1").error() == fbs::ErrorKind::NotFoundError);
}

TEST_CASE_FIXTURE(Fixture, "addProducer and removeProducer errors") {
  REQUIRE(CreateAudioLevel("r1", "alo").accepted());
  REQUIRE(CreateActiveSpeaker("r1", "aso").accepted());
  Produce("r1", "audio", sfu::MediaKind::kAudio);
  Produce("r1", "video", sfu::MediaKind::kVideo);
  Produce("r2", "elsewhere", sfu::MediaKind::kAudio);
  const auto& video = AddProducer("alo", "video");
  CHECK(video.error() == fbs::ErrorKind::TypeError);
  CHECK(Reason(video) == "Producer 'video' is not an audio producer");
  CHECK(AddProducer("aso", "video").error() == fbs::ErrorKind::TypeError);
  CHECK(AddProducer("alo", "nope").error() == fbs::ErrorKind::NotFoundError);
  CHECK(AddProducer("alo", "elsewhere").error() == fbs::ErrorKind::NotFoundError);
  CHECK(AddProducer("nope", "audio").error() == fbs::ErrorKind::NotFoundError);
  CHECK(AddProducer("alo", "audio").accepted());
  CHECK(AddProducer("alo", "audio").error() == fbs::ErrorKind::InvalidStateError);
  CHECK(AddProducer("aso", "audio", false).error() == fbs::ErrorKind::NotFoundError);
  CHECK(AddProducer("alo", "audio", false).accepted());
  CHECK(AddProducer("alo", "audio", false).error() == fbs::ErrorKind::NotFoundError);
  CHECK(Call(fbs::Method::rtpObserver_addProducer, "alo").error() == fbs::ErrorKind::TypeError);
}

TEST_CASE_FIXTURE(Fixture, "observer events become rtpObserver.* notifications") {
  notifier.Emit("alo", sfu::event::RtpObserverVolumes{{{"p1", -20}, {"p2", -55}}});
  notifier.Emit("alo", sfu::event::RtpObserverSilence{});
  notifier.Emit("aso", sfu::event::RtpObserverDominantSpeaker{"p2"});
  auto n = sink.Notifications();
  REQUIRE(n.size() == 3);
  CHECK(n[0]->handlerId()->str() == "alo");
  CHECK(n[0]->event() == fbs::Event::rtpObserver_volumes);
  auto* volumes = n[0]->body_as_rtpObserver_volumes();
  REQUIRE(volumes != nullptr);
  REQUIRE(volumes->volumes()->size() == 2);
  CHECK(volumes->volumes()->Get(0)->producerId()->str() == "p1");
  CHECK(volumes->volumes()->Get(0)->volume() == -20);
  CHECK(volumes->volumes()->Get(1)->producerId()->str() == "p2");
  CHECK(volumes->volumes()->Get(1)->volume() == -55);
  CHECK(n[1]->event() == fbs::Event::rtpObserver_silence);
  CHECK(n[1]->body_type() == fbs::NotificationBody::NONE);
  CHECK(n[2]->handlerId()->str() == "aso");
  CHECK(n[2]->event() == fbs::Event::rtpObserver_dominantspeaker);
  REQUIRE(n[2]->body_as_rtpObserver_dominantspeaker() != nullptr);
  CHECK(n[2]->body_as_rtpObserver_dominantspeaker()->producerId()->str() == "p2");
}
