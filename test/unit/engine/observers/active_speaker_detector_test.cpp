#include "engine/observers/active_speaker_detector.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

using namespace weir;
using engine::ActiveSpeakerDetector;
using namespace std::chrono_literals;

namespace {

const base::Timestamp kStart = base::FromMillis(7'000'000);
constexpr uint8_t kSpeech = 20;          // -20 dBov.
constexpr uint8_t kQuiet = 127;          // Digital silence.
constexpr uint8_t kNoLevel = 255;        // The source sends no packet in the interval.
constexpr int kPacketsPerInterval = 15;  // 20 ms packets, 300 ms interval.

// Drives a detector interval by interval; records (interval index, new dominant slot).
struct Run {
  explicit Run(size_t speakers, base::Duration interval = 300ms) : detector(interval) {
    for (size_t i = 0; i < speakers; ++i)
      slots.push_back(detector.AddSource());
    detector.Start(now);
  }

  // One interval in which speaker i sends kPacketsPerInterval packets at levels[i].
  void Interval(const std::vector<uint8_t>& levels) {
    Interval([&](size_t speaker, int) { return levels[speaker]; });
  }
  // One interval with a level per (speaker, packet index).
  void Interval(const std::function<uint8_t(size_t, int)>& level) {
    for (int p = 0; p < kPacketsPerInterval; ++p) {
      for (size_t i = 0; i < slots.size(); ++i) {
        uint8_t l = level(i, p);
        if (l != kNoLevel) detector.HandleLevel(slots[i], l);
      }
    }
    now = detector.NextTimeout();
    if (auto d = detector.HandleTimeout(now)) changes.emplace_back(index, *d);
    ++index;
  }
  void Repeat(int times, const std::vector<uint8_t>& levels) {
    for (int i = 0; i < times; ++i)
      Interval(levels);
  }

  ActiveSpeakerDetector detector;
  std::vector<uint32_t> slots;
  base::Timestamp now = kStart;
  int index = 0;
  std::vector<std::pair<int, uint32_t>> changes;
};

using Changes = std::vector<std::pair<int, uint32_t>>;

}  // namespace

TEST_CASE("from silence, a speaker is elected after three intervals of speech") {
  Run run(2);
  run.Repeat(5, {kQuiet, kQuiet});
  CHECK(run.changes.empty());
  CHECK_FALSE(run.detector.dominant());
  run.Repeat(2, {kSpeech, kQuiet});
  CHECK(run.changes.empty());  // 0.6 s is not yet sustained.
  run.Interval({kSpeech, kQuiet});
  CHECK(run.changes == Changes{{7, run.slots[0]}});
  CHECK(run.detector.dominant() == run.slots[0]);
  run.Repeat(20, {kSpeech, kQuiet});
  CHECK(run.changes.size() == 1);  // Reported once, on the change only.
}

TEST_CASE("one loud packet, or one loud interval, never makes a speaker dominant") {
  Run run(2);
  run.Repeat(10, {kSpeech, kQuiet});
  REQUIRE(run.changes == Changes{{2, run.slots[0]}});
  run.Repeat(10, {kQuiet, kQuiet});
  // Speaker 1: one packet at 0 dBov (the loudest there is) in every other interval.
  for (int i = 0; i < 20; ++i) {
    run.Interval(
        [&](size_t s, int p) -> uint8_t { return s == 1 && p == 7 && i % 2 == 0 ? 0 : kQuiet; });
  }
  // Speaker 1: a whole loud interval, between silences, twice.
  run.Interval({kQuiet, 0});
  run.Repeat(5, {kQuiet, kQuiet});
  run.Interval({kQuiet, 0});
  run.Repeat(10, {kQuiet, kQuiet});
  CHECK(run.changes.size() == 1);
  CHECK(run.detector.dominant() == run.slots[0]);
  auto scores = run.detector.ScoresOf(run.slots[1]);
  CHECK(scores.medium < 0.1);
}

TEST_CASE("the turn passes when the dominant speaker stops and another talks on") {
  Run run(2);
  run.Repeat(30, {kSpeech, kQuiet});
  REQUIRE(run.changes == Changes{{2, run.slots[0]}});
  run.Repeat(4, {kQuiet, kSpeech});
  CHECK(run.changes.size() == 1);  // 1.2 s: not yet.
  run.Interval({kQuiet, kSpeech});
  CHECK(run.changes == Changes{{2, run.slots[0]}, {34, run.slots[1]}});  // After 1.5 s.
}

TEST_CASE("two speakers alternating long turns switch every turn") {
  Run run(2);
  for (int turn = 0; turn < 6; ++turn) {
    std::vector<uint8_t> levels{kQuiet, kQuiet};
    levels[turn % 2] = kSpeech;
    run.Repeat(20, levels);  // 6 s turns.
  }
  REQUIRE(run.changes.size() == 6);
  for (int turn = 0; turn < 6; ++turn) {
    CHECK(run.changes[turn].second == run.slots[turn % 2]);
    // Each switch within 1.5 s of the turn's start (the first one from silence: 0.9 s).
    CHECK(run.changes[turn].first >= turn * 20 + 2);
    CHECK(run.changes[turn].first <= turn * 20 + 4);
  }
}

TEST_CASE("an interjection during a long talk does not take over") {
  Run run(2);
  run.Repeat(30, {kSpeech, kQuiet});
  REQUIRE(run.changes.size() == 1);
  // Speaker 0 pauses for 1.2 s while speaker 1 says something short, then goes on.
  run.Repeat(4, {kQuiet, kSpeech});
  run.Repeat(20, {kSpeech, kQuiet});
  // Speaker 1 talks over speaker 0 for 3 s: both speak, the dominant one keeps the floor.
  run.Repeat(10, {kSpeech, kSpeech});
  run.Repeat(5, {kSpeech, kQuiet});
  CHECK(run.changes.size() == 1);
  CHECK(run.detector.dominant() == run.slots[0]);
}

TEST_CASE("a louder speaker does not displace one who keeps talking") {
  Run run(2);
  // Speaker 0: a quiet but steady talker at -40 dBov, with a short pause every 100 ms.
  auto quietTalker = [](int p) -> uint8_t { return p % 5 == 0 ? kQuiet : 40; };
  run.Repeat(20, {kQuiet, kQuiet});
  for (int i = 0; i < 20; ++i)
    run.Interval([&](size_t s, int p) { return s == 0 ? quietTalker(p) : kQuiet; });
  REQUIRE(run.detector.dominant() == run.slots[0]);
  // The other shouts at 0 dBov all along.
  for (int i = 0; i < 30; ++i)
    run.Interval([&](size_t s, int p) { return s == 0 ? quietTalker(p) : uint8_t{0}; });
  CHECK(run.changes.size() == 1);
  CHECK(run.detector.dominant() == run.slots[0]);
}

TEST_CASE("silence keeps the last dominant speaker and reports nothing") {
  Run run(3);
  run.Repeat(10, {kQuiet, kSpeech, kQuiet});
  REQUIRE(run.changes == Changes{{2, run.slots[1]}});
  run.Repeat(50, {kQuiet, kQuiet, kQuiet});
  // Sources that send no packets at all (DTX, paused producers) are silent too.
  run.Repeat(50, {kNoLevel, kNoLevel, kNoLevel});
  CHECK(run.changes.size() == 1);
  CHECK(run.detector.dominant() == run.slots[1]);
  auto scores = run.detector.ScoresOf(run.slots[1]);
  CHECK(scores.immediate == 0.0);
  CHECK(scores.medium < 0.01);
  // After the silence, a new speaker takes over as from silence.
  run.Repeat(3, {kSpeech, kQuiet, kQuiet});
  CHECK(run.changes.back() == std::pair<int, uint32_t>{112, run.slots[0]});
}

TEST_CASE("steady background noise is learned as the floor and is not speech") {
  Run run(2);
  // Speaker 0: a microphone hissing at -45 dBov. Speaker 1: -70 dBov noise, then speech.
  run.Repeat(40, {45, 70});
  CHECK(run.changes.empty());
  CHECK(run.detector.ScoresOf(run.slots[0]).medium < 0.2);
  CHECK(run.detector.ScoresOf(run.slots[1]).medium == 0.0);
  CHECK(*run.detector.ScoresOf(run.slots[1]).noiseFloor == doctest::Approx(57));
  CHECK(*run.detector.ScoresOf(run.slots[0]).noiseFloor ==
        doctest::Approx(ActiveSpeakerDetector::kMaxNoiseFloorLoudness));
  run.Repeat(3, {45, kSpeech});  // The hissing one never qualifies.
  CHECK(run.changes == Changes{{42, run.slots[1]}});
}

TEST_CASE("the noise floor drops at once to a quieter minimum and rises slowly") {
  Run run(1);
  run.Interval({60});  // Loudness 67.
  CHECK(*run.detector.ScoresOf(run.slots[0]).noiseFloor == doctest::Approx(67));
  run.Interval({100});  // Loudness 27: follows at once.
  CHECK(*run.detector.ScoresOf(run.slots[0]).noiseFloor == doctest::Approx(27));
  run.Repeat(10, {60});  // 3 s of louder noise: +2 dB/s.
  CHECK(*run.detector.ScoresOf(run.slots[0]).noiseFloor == doctest::Approx(33));
}

TEST_CASE("speakers added and removed mid-way") {
  Run run(1);
  run.Repeat(10, {kSpeech});
  REQUIRE(run.changes == Changes{{2, run.slots[0]}});
  // A newcomer starts clean and must speak as long as anyone.
  uint32_t late = run.detector.AddSource();
  run.slots.push_back(late);
  run.Repeat(4, {kQuiet, kSpeech});
  CHECK(run.changes.size() == 1);
  run.Interval({kQuiet, kSpeech});
  CHECK(run.changes.back() == std::pair<int, uint32_t>{14, late});
  // Removing the dominant speaker leaves no dominant; the next one must qualify from silence.
  run.detector.RemoveSource(late);
  CHECK_FALSE(run.detector.dominant());
  run.slots.pop_back();
  run.Repeat(2, {kSpeech});
  CHECK(run.changes.size() == 2);
  run.Interval({kSpeech});  // Third interval of speech.
  CHECK(run.changes.back() == std::pair<int, uint32_t>{17, run.slots[0]});
  // A removed source's slot is reused clean.
  uint32_t again = run.detector.AddSource();
  CHECK(again == late);
  CHECK(run.detector.ScoresOf(again).medium == 0.0);
  CHECK_FALSE(run.detector.ScoresOf(again).noiseFloor);
  CHECK(run.detector.source_count() == 2);
}

TEST_CASE("removing the only candidate mid-run keeps the dominant speaker") {
  Run run(2);
  run.Repeat(10, {kSpeech, kQuiet});
  run.Repeat(3, {kQuiet, kSpeech});
  run.detector.RemoveSource(run.slots[1]);
  run.slots.pop_back();
  run.Repeat(10, {kQuiet});
  CHECK(run.changes.size() == 1);
  CHECK(run.detector.dominant() == run.slots[0]);
}

TEST_CASE("Stop forgets activity but keeps the dominant speaker; levels are ignored meanwhile") {
  Run run(2);
  run.Repeat(10, {kSpeech, kQuiet});
  run.Repeat(3, {kQuiet, kSpeech});
  run.detector.Stop();
  CHECK(run.detector.NextTimeout() == base::kNever);
  CHECK_FALSE(run.detector.HandleTimeout(run.now + 10s));
  run.detector.HandleLevel(run.slots[1], 0);
  CHECK(run.detector.ScoresOf(run.slots[1]).medium == 0.0);
  CHECK(run.detector.dominant() == run.slots[0]);
  run.detector.Start(run.now + 20s);
  run.now += 20s;
  // Speaker 1 starts over: three intervals again.
  run.Repeat(2, {kQuiet, kSpeech});
  CHECK(run.changes.size() == 1);
  run.Interval({kQuiet, kSpeech});
  CHECK(run.changes.size() == 2);
}

TEST_CASE("time constants are in real time: a 100 ms interval decides after as long") {
  Run run(2, 100ms);
  run.Repeat(30, {kSpeech, kQuiet});
  // From silence: 0.9 s at 300 ms intervals; 100 ms intervals reach the margin at 0.8 s.
  REQUIRE(!run.changes.empty());
  CHECK(run.changes[0].first == 7);
  run.Repeat(30, {kQuiet, kSpeech});
  REQUIRE(run.changes.size() == 2);
  CHECK(run.changes[1].first >= 30 + 10);
  CHECK(run.changes[1].first <= 30 + 15);
}

TEST_CASE("a late timeout decays by the real time that passed") {
  ActiveSpeakerDetector d(300ms);
  uint32_t s = d.AddSource();
  d.Start(kStart);
  for (int i = 0; i < 15; ++i)
    d.HandleLevel(s, kSpeech);
  CHECK_FALSE(d.HandleTimeout(kStart + 299ms));
  d.HandleTimeout(kStart + 300ms);
  double afterOne = d.ScoresOf(s).medium;
  CHECK(afterOne == doctest::Approx(1 - std::exp(-0.3 / 0.8)));
  CHECK(d.NextTimeout() == kStart + 600ms);
  d.HandleTimeout(kStart + 2300ms);  // Two seconds late, no packets.
  CHECK(d.ScoresOf(s).medium == doctest::Approx(afterOne * std::exp(-2.0 / 0.8)));
  CHECK(d.NextTimeout() == kStart + 2600ms);
}
