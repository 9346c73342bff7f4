#pragma once

// Which audio sources were loud over the last interval, from the client-to-mixer audio level each
// of their packets carries (RFC 6464 3: -dBov, 0 = loudest, 127 = silence). The model is
// mediasoup's AudioLevelObserver, so that controllers tuned for it get the same numbers:
//
// - Per source, the levels of the interval are averaged in the dB domain (a packet without the
//   extension is simply not counted). The volume is minus that average, rounded to the nearest
//   integer: a number of dBov from -127 to 0 (-20 is louder than -60).
// - A source is reported when its volume is at or above `threshold` and it sent at least
//   MinSamples(interval) levels in the interval: clamp(interval / 50 ms, 1, 10). Ten packets, as
//   mediasoup asks, is 200 ms of 20 ms Opus frames; for short intervals, one level per 50 ms
//   (2.5 times under the usual rate: loss and 40 ms frames still pass, a stray packet does not).
// - At most `maxEntries` sources are reported, loudest first (ties: the earlier-added first).
// - When no source qualifies the report is "silence", but only on the transition: it starts
//   silent, so nothing is reported until a first source is loud, and a run of quiet intervals
//   reports silence once.
//
// Sans-IO: time comes in as `now`; the owner arms a timer for NextTimeout(). Sources are slots
// the owner keeps (AddSource returns one); HandleLevel is O(1) and allocation-free.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/time.hpp"

namespace weir::engine {

class AudioLevelAggregator {
 public:
  static constexpr size_t kMaxMinSamples = 10;
  static constexpr base::Duration kSampleSpacing = std::chrono::milliseconds(50);

  struct Config {
    size_t maxEntries = 1;
    int8_t threshold = -80;  // dBov, -127..0.
    base::Duration interval = std::chrono::milliseconds(1000);
  };
  struct Volume {
    uint32_t slot = 0;
    int8_t volume = 0;  // dBov, -127..0.
    bool operator==(const Volume&) const = default;
  };
  enum class Report : uint8_t { kNone, kVolumes, kSilence };

  explicit AudioLevelAggregator(Config config);

  static size_t MinSamples(base::Duration interval);

  // A new source; its slot stays valid until RemoveSource (then it may be reused).
  uint32_t AddSource();
  void RemoveSource(uint32_t slot);
  size_t source_count() const { return sourceCount_; }

  // One packet of source `slot` carried `level` (-dBov, 0..127). Ignored while stopped.
  void HandleLevel(uint32_t slot, uint8_t level) {
    if (!running_ || slot >= sources_.size()) return;
    Source& s = sources_[slot];
    s.sum += level;
    ++s.count;
  }

  // Starts the interval clock at `now` (a running aggregator is restarted).
  void Start(base::Timestamp now);
  // Stops and forgets the interval's levels. True when the last report was volumes: the owner
  // reports silence now (the observer goes quiet while paused).
  bool Stop();
  bool running() const { return running_; }
  base::Timestamp NextTimeout() const { return running_ ? deadline_ : base::kNever; }

  // Closes the interval when `now` has reached NextTimeout(); kVolumes leaves the entries in
  // volumes(), loudest first. kNone: not due yet, or still silent.
  Report HandleTimeout(base::Timestamp now);
  std::span<const Volume> volumes() const { return volumes_; }
  bool silent() const { return silent_; }
  const Config& config() const { return config_; }

 private:
  struct Source {
    bool used = false;
    uint64_t sequence = 0;  // Order of addition, for ties.
    // 64 bits: a flood of packets in a 60 s interval could overflow 32 (2 * sum is computed).
    uint64_t sum = 0;  // Of -dBov levels.
    uint64_t count = 0;
  };
  struct Candidate {
    int8_t volume;
    uint64_t sequence;
    uint32_t slot;
  };

  Config config_;
  size_t minSamples_;
  std::vector<Source> sources_;
  size_t sourceCount_ = 0;
  uint64_t nextSequence_ = 0;
  std::vector<Candidate> candidates_;
  std::vector<Volume> volumes_;
  bool running_ = false;
  bool silent_ = true;
  base::Timestamp deadline_ = base::kNever;
};

}  // namespace weir::engine
