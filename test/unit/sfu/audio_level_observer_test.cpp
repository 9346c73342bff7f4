// AudioLevelObserver on the fake network: volumes, silence, maxEntries, threshold, pause.

#include <doctest/doctest.h>

#include "audio_room.hpp"
#include "sfu/audio_level_observer.hpp"

using namespace weir;
using namespace weir::sfu;
using namespace weir::test::observers;
using namespace std::chrono_literals;

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
