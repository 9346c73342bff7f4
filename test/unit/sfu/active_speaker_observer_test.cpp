// ActiveSpeakerObserver on the fake network: who is dominant, and how long a turn takes.

#include <doctest/doctest.h>

#include "audio_room.hpp"
#include "sfu/active_speaker_observer.hpp"

using namespace weir;
using namespace weir::sfu;
using namespace weir::test::observers;
using namespace std::chrono_literals;

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
