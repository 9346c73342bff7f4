// Drives the RTP observers' sans-IO cores (AudioLevelAggregator, ActiveSpeakerDetector) with an
// arbitrary script of sources added and removed, levels, time steps, stops and starts, and
// checks their invariants. The levels come from the network (RFC 6464 audio levels), the script
// stands for whatever order a controller and the network may produce.
//
// Input: byte 0..2 configure the aggregator (maxEntries 1..8, threshold -127..0, interval
// 100..1375 ms) and byte 3 the detector's interval (50..1325 ms); then 2-byte operations
// (op, argument).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/observers/active_speaker_detector.hpp"
#include "engine/observers/audio_level_aggregator.hpp"

using weir::engine::ActiveSpeakerDetector;
using weir::engine::AudioLevelAggregator;
using namespace std::chrono_literals;

#define FUZZ_CHECK(cond)           \
  do {                             \
    if (!(cond)) __builtin_trap(); \
  } while (0)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  AudioLevelAggregator::Config config;
  config.maxEntries = 1 + data[0] % 8;
  config.threshold = static_cast<int8_t>(-(data[1] % 128));
  config.interval = std::chrono::milliseconds(100 + 5 * data[2]);
  AudioLevelAggregator aggregator(config);
  ActiveSpeakerDetector detector(std::chrono::milliseconds(50 + 5 * data[3]));
  std::vector<uint32_t> aggSlots;
  std::vector<uint32_t> detSlots;
  auto now = weir::base::FromMillis(1'000'000);
  aggregator.Start(now);
  detector.Start(now);

  for (size_t i = 4; i + 1 < size; i += 2) {
    uint8_t op = data[i] % 6;
    uint8_t arg = data[i + 1];
    switch (op) {
      case 0:
        if (aggSlots.size() < 64) {
          aggSlots.push_back(aggregator.AddSource());
          detSlots.push_back(detector.AddSource());
        }
        break;
      case 1:
        if (!aggSlots.empty()) {
          size_t k = arg % aggSlots.size();
          aggregator.RemoveSource(aggSlots[k]);
          detector.RemoveSource(detSlots[k]);
          aggSlots.erase(aggSlots.begin() + static_cast<long>(k));
          detSlots.erase(detSlots.begin() + static_cast<long>(k));
        }
        break;
      case 2:  // A run of packets: level in the low 7 bits, as the extension carries it.
        if (!aggSlots.empty()) {
          size_t k = arg % aggSlots.size();
          for (int n = 0; n < 1 + arg / 32; ++n) {
            aggregator.HandleLevel(aggSlots[k], arg & 0x7F);
            detector.HandleLevel(detSlots[k], static_cast<uint8_t>((arg * 7) & 0x7F));
          }
        }
        // Unknown slots are ignored, never read past.
        aggregator.HandleLevel(arg, 0);
        detector.HandleLevel(arg, 0);
        break;
      case 3: {
        now += std::chrono::milliseconds(10 * arg);
        auto report = aggregator.HandleTimeout(now);
        FUZZ_CHECK(aggregator.NextTimeout() == weir::base::kNever ||
                   aggregator.NextTimeout() > now);
        auto volumes = aggregator.volumes();
        if (report == AudioLevelAggregator::Report::kVolumes) {
          FUZZ_CHECK(!volumes.empty() && volumes.size() <= config.maxEntries);
          for (size_t v = 0; v < volumes.size(); ++v) {
            FUZZ_CHECK(volumes[v].volume <= 0 && volumes[v].volume >= config.threshold);
            if (v > 0) FUZZ_CHECK(volumes[v - 1].volume >= volumes[v].volume);
            bool known = false;
            for (uint32_t s : aggSlots)
              known = known || s == volumes[v].slot;
            FUZZ_CHECK(known);
          }
        } else {
          FUZZ_CHECK(volumes.empty() || report == AudioLevelAggregator::Report::kNone);
        }
        auto dominant = detector.HandleTimeout(now);
        if (dominant) FUZZ_CHECK(detector.dominant() == dominant);
        if (auto d = detector.dominant()) {
          bool known = false;
          for (uint32_t s : detSlots)
            known = known || s == *d;
          FUZZ_CHECK(known);
        }
        for (uint32_t s : detSlots) {
          auto scores = detector.ScoresOf(s);
          FUZZ_CHECK(scores.immediate >= 0 && scores.immediate <= 1);
          FUZZ_CHECK(scores.medium >= 0 && scores.medium <= 1);
          FUZZ_CHECK(scores.longTerm >= 0 && scores.longTerm <= 1);
          if (scores.noiseFloor) FUZZ_CHECK(*scores.noiseFloor >= 0 && *scores.noiseFloor <= 127);
        }
        break;
      }
      case 4:
        if (aggregator.Stop()) FUZZ_CHECK(aggregator.silent());
        detector.Stop();
        FUZZ_CHECK(!aggregator.running() && !detector.running());
        break;
      case 5:
        aggregator.Start(now);
        detector.Start(now);
        break;
    }
    FUZZ_CHECK(aggregator.source_count() == aggSlots.size());
    FUZZ_CHECK(detector.source_count() == detSlots.size());
  }
  return 0;
}
