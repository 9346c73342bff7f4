// A router's RTP observers: adding and removing producers, closing producers, observers and
// the router, and the per-packet path (no allocation).

#include <doctest/doctest.h>

#include "audio_room.hpp"
#include "sfu/rtp_observer_set.hpp"
#include "support/alloc_counter.hpp"

using namespace weir;
using namespace weir::sfu;
using namespace weir::test::observers;
using namespace std::chrono_literals;

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
