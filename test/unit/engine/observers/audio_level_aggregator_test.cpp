#include "engine/observers/audio_level_aggregator.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace weir;
using engine::AudioLevelAggregator;
using namespace std::chrono_literals;

namespace {

const base::Timestamp kStart = base::FromMillis(9'000'000);
using Report = AudioLevelAggregator::Report;
using Volume = AudioLevelAggregator::Volume;

AudioLevelAggregator::Config Config(size_t maxEntries, int8_t threshold,
                                    base::Duration interval = 1000ms) {
  AudioLevelAggregator::Config c;
  c.maxEntries = maxEntries;
  c.threshold = threshold;
  c.interval = interval;
  return c;
}

// Feeds `count` packets of -dBov `level` to `slot`.
void Feed(AudioLevelAggregator& a, uint32_t slot, uint8_t level, int count = 50) {
  for (int i = 0; i < count; ++i)
    a.HandleLevel(slot, level);
}

std::vector<Volume> Volumes(const AudioLevelAggregator& a) {
  return {a.volumes().begin(), a.volumes().end()};
}

}  // namespace

TEST_CASE("MinSamples is ten packets, or one per 50 ms for short intervals") {
  CHECK(AudioLevelAggregator::MinSamples(1000ms) == 10);
  CHECK(AudioLevelAggregator::MinSamples(5000ms) == 10);
  CHECK(AudioLevelAggregator::MinSamples(300ms) == 6);
  CHECK(AudioLevelAggregator::MinSamples(100ms) == 2);
  CHECK(AudioLevelAggregator::MinSamples(20ms) == 1);
}

TEST_CASE("nothing is due before the interval ends; the average is reported in dBov") {
  AudioLevelAggregator a(Config(1, -80));
  uint32_t s = a.AddSource();
  CHECK(a.NextTimeout() == base::kNever);
  a.Start(kStart);
  CHECK(a.NextTimeout() == kStart + 1000ms);
  Feed(a, s, 20, 25);
  Feed(a, s, 30, 25);
  CHECK(a.HandleTimeout(kStart + 999ms) == Report::kNone);
  REQUIRE(a.HandleTimeout(kStart + 1000ms) == Report::kVolumes);
  CHECK(Volumes(a) == std::vector<Volume>{{s, -25}});
  CHECK(a.NextTimeout() == kStart + 2000ms);
  CHECK_FALSE(a.silent());
}

TEST_CASE("the average rounds to the nearest dB, halves toward the quieter side") {
  AudioLevelAggregator a(Config(1, -127));
  uint32_t s = a.AddSource();
  a.Start(kStart);
  Feed(a, s, 20, 10);
  Feed(a, s, 21, 10);  // 20.5 -> 21 (-21 dBov), as lround does.
  REQUIRE(a.HandleTimeout(kStart + 1s) == Report::kVolumes);
  CHECK(a.volumes()[0].volume == -21);
  Feed(a, s, 20, 20);
  Feed(a, s, 21, 9);  // 20.31 -> 20.
  REQUIRE(a.HandleTimeout(kStart + 2s) == Report::kVolumes);
  CHECK(a.volumes()[0].volume == -20);
}

TEST_CASE("threshold: a source at the threshold is reported, one below it is not") {
  AudioLevelAggregator a(Config(4, -50));
  uint32_t at = a.AddSource();
  uint32_t below = a.AddSource();
  a.Start(kStart);
  Feed(a, at, 50);
  Feed(a, below, 51);
  REQUIRE(a.HandleTimeout(kStart + 1s) == Report::kVolumes);
  CHECK(Volumes(a) == std::vector<Volume>{{at, -50}});
}

TEST_CASE("maxEntries: the loudest sources, loudest first; ties keep the order of addition") {
  AudioLevelAggregator a(Config(3, -80));
  std::vector<uint32_t> s;
  for (int i = 0; i < 5; ++i)
    s.push_back(a.AddSource());
  a.Start(kStart);
  Feed(a, s[0], 60);
  Feed(a, s[1], 10);
  Feed(a, s[2], 40);
  Feed(a, s[3], 40);
  Feed(a, s[4], 30);
  REQUIRE(a.HandleTimeout(kStart + 1s) == Report::kVolumes);
  CHECK(Volumes(a) == std::vector<Volume>{{s[1], -10}, {s[4], -30}, {s[2], -40}});
  // Next interval, only the quiet one speaks: a single entry.
  Feed(a, s[0], 60);
  REQUIRE(a.HandleTimeout(kStart + 2s) == Report::kVolumes);
  CHECK(Volumes(a) == std::vector<Volume>{{s[0], -60}});
}

TEST_CASE("silence is reported once, on the transition, and not at the start") {
  AudioLevelAggregator a(Config(1, -60));
  uint32_t s = a.AddSource();
  a.Start(kStart);
  CHECK(a.silent());
  // Quiet from the start: nothing to report.
  Feed(a, s, 127);
  CHECK(a.HandleTimeout(kStart + 1s) == Report::kNone);
  CHECK(a.HandleTimeout(kStart + 2s) == Report::kNone);
  Feed(a, s, 20);
  CHECK(a.HandleTimeout(kStart + 3s) == Report::kVolumes);
  Feed(a, s, 20);
  CHECK(a.HandleTimeout(kStart + 4s) == Report::kVolumes);  // Every loud interval reports.
  Feed(a, s, 90);                                           // Under the threshold.
  CHECK(a.HandleTimeout(kStart + 5s) == Report::kSilence);
  CHECK(a.volumes().empty());
  CHECK(a.HandleTimeout(kStart + 6s) == Report::kNone);  // No packets at all: still silent.
  Feed(a, s, 20);
  CHECK(a.HandleTimeout(kStart + 7s) == Report::kVolumes);
}

TEST_CASE("packets without the extension do not count; too few levels are not reported") {
  AudioLevelAggregator a(Config(1, -80));
  uint32_t s = a.AddSource();
  a.Start(kStart);
  // 9 levels (one per packet that had the extension; the others never reach HandleLevel).
  Feed(a, s, 10, 9);
  CHECK(a.HandleTimeout(kStart + 1s) == Report::kNone);
  Feed(a, s, 10, 10);
  CHECK(a.HandleTimeout(kStart + 2s) == Report::kVolumes);
  // Levels do not carry over into the next interval.
  Feed(a, s, 10, 5);
  CHECK(a.HandleTimeout(kStart + 3s) == Report::kSilence);
}

TEST_CASE("sources added and removed mid-way") {
  AudioLevelAggregator a(Config(2, -80));
  uint32_t s1 = a.AddSource();
  a.Start(kStart);
  Feed(a, s1, 30);
  uint32_t s2 = a.AddSource();  // Mid-interval: it counts from now.
  Feed(a, s2, 20);
  REQUIRE(a.HandleTimeout(kStart + 1s) == Report::kVolumes);
  CHECK(Volumes(a) == std::vector<Volume>{{s2, -20}, {s1, -30}});
  CHECK(a.source_count() == 2);
  Feed(a, s1, 30);
  Feed(a, s2, 20);
  a.RemoveSource(s2);  // Its levels of this interval go with it.
  CHECK(a.source_count() == 1);
  REQUIRE(a.HandleTimeout(kStart + 2s) == Report::kVolumes);
  CHECK(Volumes(a) == std::vector<Volume>{{s1, -30}});
  // The freed slot is reused, clean; levels for a removed slot are ignored.
  a.HandleLevel(s2, 0);
  uint32_t s3 = a.AddSource();
  CHECK(s3 == s2);
  Feed(a, s1, 30);
  Feed(a, s3, 70);
  REQUIRE(a.HandleTimeout(kStart + 3s) == Report::kVolumes);
  CHECK(Volumes(a) == std::vector<Volume>{{s1, -30}, {s3, -70}});
  a.RemoveSource(s1);
  a.RemoveSource(s3);
  a.RemoveSource(s3);  // Twice: harmless.
  CHECK(a.source_count() == 0);
  CHECK(a.HandleTimeout(kStart + 4s) == Report::kSilence);
  a.HandleLevel(99, 0);  // An out-of-range slot is ignored.
}

TEST_CASE("Stop forgets the interval and asks for silence when the last report was loud") {
  AudioLevelAggregator a(Config(1, -80));
  uint32_t s = a.AddSource();
  CHECK_FALSE(a.Stop());  // Never loud.
  a.Start(kStart);
  Feed(a, s, 20);
  REQUIRE(a.HandleTimeout(kStart + 1s) == Report::kVolumes);
  Feed(a, s, 20);
  CHECK(a.Stop());
  CHECK(a.silent());
  CHECK_FALSE(a.running());
  CHECK(a.NextTimeout() == base::kNever);
  Feed(a, s, 20);  // Ignored while stopped.
  CHECK(a.HandleTimeout(kStart + 5s) == Report::kNone);
  a.Start(kStart + 10s);
  CHECK(a.HandleTimeout(kStart + 11s) == Report::kNone);  // Nothing gathered before Start.
  CHECK_FALSE(a.Stop());
}

TEST_CASE("a late timeout closes the interval and the cadence restarts from now") {
  AudioLevelAggregator a(Config(1, -80, 500ms));
  uint32_t s = a.AddSource();
  a.Start(kStart);
  Feed(a, s, 20);
  REQUIRE(a.HandleTimeout(kStart + 600ms) == Report::kVolumes);  // 100 ms late.
  CHECK(a.NextTimeout() == kStart + 1000ms);                     // Cadence kept.
  Feed(a, s, 20);
  REQUIRE(a.HandleTimeout(kStart + 3000ms) == Report::kVolumes);  // Stalled for 2 s.
  CHECK(a.NextTimeout() == kStart + 3500ms);
}

TEST_CASE("a flood of levels in a long interval does not overflow the average") {
  AudioLevelAggregator a(Config(1, -127, 60s));
  uint32_t s = a.AddSource();
  a.Start(kStart);
  // 40 million packets at 127: 2 * sum passes 2^32 (it would wrap at 32 bits).
  for (int i = 0; i < 40'000'000; ++i)
    a.HandleLevel(s, 127);
  REQUIRE(a.HandleTimeout(kStart + 60s) == Report::kVolumes);
  CHECK(a.volumes()[0].volume == -127);
}
