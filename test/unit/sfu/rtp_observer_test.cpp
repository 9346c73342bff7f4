// RTP observers on the fake network: audio producers on PlainTransports receive RTP with the
// ssrc-audio-level extension (RFC 6464) at scripted levels; the observers' events are recorded.

#include <doctest/doctest.h>
#include "support/alloc_counter.hpp"
#include "support/fake_environment.hpp"

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "proto/rtp/extensions/audio_level.hpp"
#include "proto/rtp/extensions/extension_uris.hpp"
#include "proto/rtp/rtp_packet_builder.hpp"
#include "sfu/errors.hpp"
#include "sfu/ortc/producer_mapping.hpp"
#include "sfu/worker.hpp"

using namespace weir;
using namespace weir::sfu;
using namespace std::chrono_literals;
namespace test = weir::test;
namespace ext = weir::proto::rtp::extensions;

namespace {

constexpr uint8_t kOpusPt = 111;
constexpr uint8_t kSilent = 127;

RtpCodecCapability Codec(MediaKind kind, const char* mime, uint32_t rate,
                         std::optional<uint8_t> channels = std::nullopt) {
  RtpCodecCapability c;
  c.kind = kind;
  c.mimeType = mime;
  c.clockRate = rate;
  c.channels = channels;
  return c;
}

// One remote sender: a comedia PlainTransport and the peer socket that sends to it.
struct Sender {
  PlainTransport* transport = nullptr;
  std::unique_ptr<test::FakeNetwork::Peer> peer;
  base::SocketAddress to;
  std::map<uint32_t, uint16_t> seq;          // Next sequence number by SSRC.
  std::map<uint32_t, uint8_t> audioLevelId;  // The producer's own id for the extension, by SSRC.
};

struct Room {
  Room() {
    router = &worker.CreateRouter("r1", {Codec(MediaKind::kAudio, "audio/opus", 48000, 2),
                                         Codec(MediaKind::kVideo, "video/VP8", 90000)});
  }

  Sender& AddSender(const std::string& transportId) {
    PlainTransportOptions options;
    options.listenInfo.ip = "127.0.0.1";
    options.comedia = true;
    auto sender = std::make_unique<Sender>();
    sender->transport = &router->CreatePlainTransport(transportId, options);
    sender->peer = fakeEnv.network.CreatePeer("127.0.0.2", nextPeerPort++);
    const auto& tuple = sender->transport->tuple();
    sender->to = *base::SocketAddress::Parse(tuple.localAddress, tuple.localPort);
    senders.push_back(std::move(sender));
    return *senders.back();
  }

  // An Opus producer; `audioLevelId` 0 leaves the extension out of its parameters.
  Producer& ProduceAudio(Sender& sender, const std::string& id, uint32_t ssrc,
                         uint8_t audioLevelId = 1) {
    RtpParameters params;
    params.codecs.push_back({"audio/opus", kOpusPt, 48000, 2, {}, {}});
    if (audioLevelId != 0) {
      params.headerExtensions.push_back(
          {std::string(ext::kAudioLevelUri), audioLevelId, false, {}});
    }
    RtpEncodingParameters encoding;
    encoding.ssrc = ssrc;
    params.encodings.push_back(encoding);
    params.rtcp.cname = id;
    sender.seq[ssrc] = 1000;
    sender.audioLevelId[ssrc] = audioLevelId;
    return Produce(sender, id, MediaKind::kAudio, params);
  }

  Producer& ProduceVideo(Sender& sender, const std::string& id, uint32_t ssrc) {
    RtpParameters params;
    params.codecs.push_back({"video/VP8", 96, 90000, std::nullopt, {}, {}});
    RtpEncodingParameters encoding;
    encoding.ssrc = ssrc;
    params.encodings.push_back(encoding);
    params.rtcp.cname = id;
    return Produce(sender, id, MediaKind::kVideo, params);
  }

  Producer& Produce(Sender& sender, const std::string& id, MediaKind kind,
                    const RtpParameters& params) {
    ProducerOptions options;
    options.id = id;
    options.kind = kind;
    options.rtpParameters = params;
    options.rtpMapping = ortc::GetProducerRtpMapping(params, router->rtpCapabilities(),
                                                     [&] { return router->NewSsrc(); });
    options.consumableRtpParameters = ortc::GetConsumableRtpParameters(
        kind, params, router->rtpCapabilities(), options.rtpMapping);
    return sender.transport->Produce(std::move(options));
  }

  // One 20 ms Opus packet of `ssrc`; no level: sent without the extension.
  void Send(Sender& sender, uint32_t ssrc, std::optional<uint8_t> level) {
    std::array<uint8_t, 1> value{};
    std::array<uint8_t, 40> payload{};  // Dummy Opus bytes.
    proto::rtp::RtpPacketBuilder builder;
    uint16_t seq = sender.seq[ssrc]++;
    builder.SetPayloadType(kOpusPt).SetSequenceNumber(seq).SetTimestamp(seq * 960u).SetSsrc(ssrc);
    if (level && sender.audioLevelId[ssrc] != 0) {
      value = ext::AudioLevel{true, *level}.Serialize();
      builder.AddExtension(sender.audioLevelId[ssrc], value);
    }
    builder.SetPayload(payload);
    std::array<uint8_t, 1500> buffer{};
    size_t n = builder.Serialize(buffer);
    REQUIRE(n > 0);
    sender.peer->socket->Send(base::ByteView(buffer.data(), n), sender.to);
  }

  // `duration` of 20 ms packets from each (sender, ssrc) at its level (nullopt: no extension),
  // moving the clock (observers' timers fire on the way).
  struct Source {
    Sender* sender;
    uint32_t ssrc;
    std::optional<uint8_t> level;
  };
  void Play(base::Duration duration, const std::vector<Source>& sources) {
    for (base::Duration t{}; t < duration; t += 20ms) {
      for (const auto& s : sources)
        Send(*s.sender, s.ssrc, s.level);
      fakeEnv.network.Advance(20ms);
    }
  }

  std::vector<std::string> Events(const std::string& handlerId) const {
    std::vector<std::string> out;
    for (const auto& e : fakeEnv.notifier.entries) {
      if (e.handlerId != handlerId) continue;
      if (auto* v = std::get_if<event::RtpObserverVolumes>(&e.event)) {
        std::string s = "volumes";
        for (const auto& entry : v->volumes)
          s += " " + entry.producerId + ":" + std::to_string(entry.volume);
        out.push_back(s);
      } else if (std::holds_alternative<event::RtpObserverSilence>(e.event)) {
        out.push_back("silence");
      } else if (auto* d = std::get_if<event::RtpObserverDominantSpeaker>(&e.event)) {
        out.push_back("dominant " + d->producerId);
      }
    }
    return out;
  }

  test::FakeEnvironment fakeEnv;
  Worker worker{WorkerSettings{}, fakeEnv.env};
  Router* router = nullptr;
  std::vector<std::unique_ptr<Sender>> senders;
  uint16_t nextPeerPort = 5000;
};

using Strings = std::vector<std::string>;

AudioLevelObserverOptions LevelOptions(uint16_t maxEntries, int8_t threshold,
                                       base::Duration interval = 1000ms) {
  AudioLevelObserverOptions o;
  o.maxEntries = maxEntries;
  o.threshold = threshold;
  o.interval = interval;
  return o;
}

template <typename F>
ErrorKind KindOf(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind();
  }
  FAIL("no error");
  return ErrorKind::kError;
}

}  // namespace

TEST_CASE("AudioLevelObserver: volumes loudest first every interval, then silence once") {
  Room room;
  Sender& alice = room.AddSender("ta");
  Sender& bob = room.AddSender("tb");
  Producer& a = room.ProduceAudio(alice, "pa", 1111, 1);
  Producer& b = room.ProduceAudio(bob, "pb", 2222, 7);  // Its own id for the extension.
  auto& observer =
      room.router->rtpObservers().CreateAudioLevelObserver("alo", LevelOptions(2, -60));
  observer.AddProducer(a);
  observer.AddProducer(b);
  room.Play(2s, {{&alice, 1111, 50}, {&bob, 2222, 20}});
  room.Play(1s, {{&alice, 1111, 50}, {&bob, 2222, 70}});  // Bob under the threshold.
  room.Play(3s, {{&alice, 1111, kSilent}, {&bob, 2222, kSilent}});
  CHECK(room.Events("alo") ==
        Strings{"volumes pb:-20 pa:-50", "volumes pb:-20 pa:-50", "volumes pa:-50", "silence"});
}

TEST_CASE("AudioLevelObserver: maxEntries, packets without the extension, unobserved producers") {
  Room room;
  Sender& s = room.AddSender("t");
  Producer& loud = room.ProduceAudio(s, "loud", 1, 1);
  Producer& soft = room.ProduceAudio(s, "soft", 2, 1);
  Producer& bare = room.ProduceAudio(s, "bare", 3, 0);  // Did not negotiate the extension.
  room.ProduceAudio(s, "other", 4, 1);                  // Loudest, but not observed.
  auto& observer =
      room.router->rtpObservers().CreateAudioLevelObserver("alo", LevelOptions(1, -127));
  observer.AddProducer(loud);
  observer.AddProducer(soft);
  observer.AddProducer(bare);
  room.Play(1s, {{&s, 1, 30}, {&s, 2, 40}, {&s, 3, 0}, {&s, 4, 0}});
  // `soft` sends most of its packets without the level: only the 10 with it count.
  room.Play(200ms, {{&s, 1, 30}, {&s, 2, 10}});
  room.Play(800ms, {{&s, 1, 30}, {&s, 2, std::nullopt}});
  // 9 levels are too few to report (ten for a 1 s interval).
  room.Play(180ms, {{&s, 2, 0}});
  room.Play(820ms, {{&s, 1, 30}, {&s, 2, std::nullopt}});
  CHECK(room.Events("alo") == Strings{"volumes loud:-30", "volumes soft:-10", "volumes loud:-30"});
}

TEST_CASE("AudioLevelObserver: pause reports silence and stops; resume starts again") {
  Room room;
  Sender& s = room.AddSender("t");
  Producer& p = room.ProduceAudio(s, "p", 1);
  auto& observer =
      room.router->rtpObservers().CreateAudioLevelObserver("alo", LevelOptions(1, -80));
  observer.AddProducer(p);
  room.Play(1s, {{&s, 1, 20}});
  observer.Pause();
  observer.Pause();  // Idempotent.
  CHECK(observer.paused());
  room.Play(3s, {{&s, 1, 20}});
  CHECK(room.Events("alo") == Strings{"volumes p:-20", "silence"});
  observer.Resume();
  room.Play(1s, {{&s, 1, 25}});
  CHECK(room.Events("alo").back() == "volumes p:-25");
  // A paused producer sends nothing to the router: silence.
  s.transport->PauseProducer("p", true);
  room.Play(2s, {{&s, 1, 20}});
  CHECK(room.Events("alo").back() == "silence");
}

TEST_CASE("ActiveSpeakerObserver: long turns switch; one loud packet does not") {
  Room room;
  Sender& alice = room.AddSender("ta");
  Sender& bob = room.AddSender("tb");
  Producer& a = room.ProduceAudio(alice, "alice", 1111, 1);
  Producer& b = room.ProduceAudio(bob, "bob", 2222, 4);
  auto& observer = room.router->rtpObservers().CreateActiveSpeakerObserver("aso", {});
  observer.AddProducer(a);
  observer.AddProducer(b);
  room.Play(1s, {{&alice, 1111, kSilent}, {&bob, 2222, kSilent}});
  CHECK(room.Events("aso").empty());
  room.Play(4s, {{&alice, 1111, 20}, {&bob, 2222, kSilent}});
  CHECK(room.Events("aso") == Strings{"dominant alice"});
  CHECK(observer.DominantProducerId() == "alice");
  // Alice stops; Bob sends a single packet at 0 dBov, twice, amid silence.
  for (int i = 0; i < 2; ++i) {
    room.Play(1s, {{&alice, 1111, kSilent}, {&bob, 2222, kSilent}});
    room.Play(20ms, {{&alice, 1111, kSilent}, {&bob, 2222, 0}});
  }
  room.Play(1s, {{&alice, 1111, kSilent}, {&bob, 2222, kSilent}});
  CHECK(room.Events("aso") == Strings{"dominant alice"});
  // Bob talks for real, then Alice again.
  room.Play(4s, {{&alice, 1111, kSilent}, {&bob, 2222, 25}});
  room.Play(4s, {{&alice, 1111, 30}, {&bob, 2222, kSilent}});
  CHECK(room.Events("aso") == Strings{"dominant alice", "dominant bob", "dominant alice"});
}

TEST_CASE("ActiveSpeakerObserver: the switch takes sustained speech (timing at 300 ms)") {
  Room room;
  Sender& s = room.AddSender("t");
  Producer& a = room.ProduceAudio(s, "a", 1);
  Producer& b = room.ProduceAudio(s, "b", 2);
  auto& observer = room.router->rtpObservers().CreateActiveSpeakerObserver("aso", {});
  observer.AddProducer(a);
  observer.AddProducer(b);
  room.Play(3s, {{&s, 1, 20}, {&s, 2, kSilent}});
  REQUIRE(room.Events("aso") == Strings{"dominant a"});
  room.Play(1200ms, {{&s, 1, kSilent}, {&s, 2, 20}});
  CHECK(room.Events("aso").size() == 1);  // 1.2 s of Bob: not yet.
  room.Play(600ms, {{&s, 1, kSilent}, {&s, 2, 20}});
  CHECK(room.Events("aso") == Strings{"dominant a", "dominant b"});
}

TEST_CASE("addProducer/removeProducer rules") {
  Room room;
  Sender& s = room.AddSender("t");
  Producer& audio = room.ProduceAudio(s, "audio", 1);
  Producer& video = room.ProduceVideo(s, "video", 2);
  auto& observers = room.router->rtpObservers();
  auto& alo = observers.CreateAudioLevelObserver("alo", {});
  auto& aso = observers.CreateActiveSpeakerObserver("aso", {});
  CHECK(KindOf([&] { alo.AddProducer(video); }) == ErrorKind::kTypeError);
  CHECK(KindOf([&] { aso.AddProducer(video); }) == ErrorKind::kTypeError);
  alo.AddProducer(audio);
  aso.AddProducer(audio);
  CHECK(KindOf([&] { alo.AddProducer(audio); }) == ErrorKind::kInvalidState);
  CHECK(alo.ProducerIds() == Strings{"audio"});
  CHECK(observers.ProducerObserverIds() ==
        std::vector<std::pair<std::string, Strings>>{{"audio", {"alo", "aso"}}});
  alo.RemoveProducer(audio);
  CHECK(KindOf([&] { alo.RemoveProducer(audio); }) == ErrorKind::kNotFound);
  CHECK(alo.ProducerIds().empty());
  CHECK(observers.ProducerObserverIds() ==
        std::vector<std::pair<std::string, Strings>>{{"audio", {"aso"}}});
  // Options out of range, duplicate and empty ids.
  CHECK(KindOf([&] { observers.CreateAudioLevelObserver("x", LevelOptions(0, -80)); }) ==
        ErrorKind::kTypeError);
  CHECK(KindOf([&] { observers.CreateAudioLevelObserver("x", LevelOptions(1, 1)); }) ==
        ErrorKind::kTypeError);
  CHECK(KindOf([&] { observers.CreateAudioLevelObserver("x", LevelOptions(1, -80, 10ms)); }) ==
        ErrorKind::kTypeError);
  ActiveSpeakerObserverOptions slow;
  slow.interval = 11s;
  CHECK(KindOf([&] { observers.CreateActiveSpeakerObserver("x", slow); }) == ErrorKind::kTypeError);
  CHECK(KindOf([&] { observers.CreateActiveSpeakerObserver("alo", {}); }) ==
        ErrorKind::kInvalidState);
  CHECK(KindOf([&] { observers.CreateAudioLevelObserver("", {}); }) == ErrorKind::kTypeError);
  CHECK(observers.Ids() == Strings{"alo", "aso"});
  CHECK(room.worker.registry().rtpObservers.size() == 2);
}

TEST_CASE("a closed producer leaves its observers, which keep working") {
  Room room;
  Sender& s = room.AddSender("t");
  Producer& p1 = room.ProduceAudio(s, "p1", 1);
  Producer& p2 = room.ProduceAudio(s, "p2", 2);
  auto& observers = room.router->rtpObservers();
  auto& alo = observers.CreateAudioLevelObserver("alo", LevelOptions(2, -80));
  auto& aso = observers.CreateActiveSpeakerObserver("aso", {});
  for (RtpObserver* o : std::vector<RtpObserver*>{&alo, &aso}) {
    o->AddProducer(p1);
    o->AddProducer(p2);
  }
  room.Play(2s, {{&s, 1, 20}, {&s, 2, 25}});
  s.transport->CloseProducer("p1");  // The dominant speaker and the loudest.
  CHECK(alo.ProducerIds() == Strings{"p2"});
  CHECK(aso.ProducerIds() == Strings{"p2"});
  CHECK(aso.DominantProducerId().empty());
  CHECK(observers.ProducerObserverIds() ==
        std::vector<std::pair<std::string, Strings>>{{"p2", {"alo", "aso"}}});
  room.Play(2s, {{&s, 2, 25}});
  CHECK(room.Events("alo") == Strings{"volumes p1:-20 p2:-25", "volumes p1:-20 p2:-25",
                                      "volumes p2:-25", "volumes p2:-25"});
  CHECK(room.Events("aso") == Strings{"dominant p1", "dominant p2"});
}

TEST_CASE("closing an observer, and the router, closes observers and their timers") {
  Room room;
  Sender& s = room.AddSender("t");
  Producer& p = room.ProduceAudio(s, "p", 1);
  auto& observers = room.router->rtpObservers();
  observers.CreateAudioLevelObserver("alo", {}).AddProducer(p);
  observers.CreateActiveSpeakerObserver("aso", {}).AddProducer(p);
  observers.Close("alo");
  CHECK(KindOf([&] { observers.Close("alo"); }) == ErrorKind::kNotFound);
  CHECK(KindOf([&] { observers.Get("alo"); }) == ErrorKind::kNotFound);
  CHECK_FALSE(room.worker.registry().rtpObservers.Contains("alo"));
  room.Play(3s, {{&s, 1, 20}});
  CHECK(room.Events("alo").empty());
  CHECK(room.Events("aso") == Strings{"dominant p"});
  CHECK(observers.ProducerObserverIds() ==
        std::vector<std::pair<std::string, Strings>>{{"p", {"aso"}}});
  room.worker.CloseRouter("r1");
  CHECK(room.worker.registry().rtpObservers.size() == 0);
  CHECK(room.worker.registry().rtpObserverRouters.size() == 0);
  room.fakeEnv.network.Advance(10s);  // No timer of a closed observer fires.
  CHECK(room.Events("aso").size() == 1);
}

TEST_CASE("the router feeds observers without allocating per packet") {
  Room room;
  Sender& s = room.AddSender("t");
  Producer& p = room.ProduceAudio(s, "p", 1);
  Producer& unobserved = room.ProduceAudio(s, "q", 2);
  auto& observers = room.router->rtpObservers();
  auto& alo = observers.CreateAudioLevelObserver("alo", LevelOptions(1, -127));
  auto& aso = observers.CreateActiveSpeakerObserver("aso", {});
  alo.AddProducer(p);
  aso.AddProducer(p);
  // A packet as the router sees it: the router's extension id (from the consumable parameters).
  uint8_t routerId = 0;
  for (const auto& e : p.consumableRtpParameters().headerExtensions) {
    if (e.uri == ext::kAudioLevelUri) routerId = e.id;
  }
  REQUIRE(routerId != 0);
  std::array<uint8_t, 1> value = ext::AudioLevel{false, 33}.Serialize();
  std::array<uint8_t, 10> payload{};
  std::array<uint8_t, 200> buffer{};
  auto packet = proto::rtp::RtpPacketBuilder()
                    .SetPayloadType(100)
                    .SetSsrc(5)
                    .AddExtension(routerId, value)
                    .SetPayload(payload)
                    .Build(buffer);
  REQUIRE(packet);
  {
    test::AllocationScope scope;
    for (int i = 0; i < 100; ++i) {
      observers.OnRtpPacket(p, *packet);
      observers.OnRtpPacket(unobserved, *packet);
    }
    CHECK(scope.count() == 0);
  }
  room.fakeEnv.network.Advance(1s);
  CHECK(room.Events("alo") == Strings{"volumes p:-33"});
}
