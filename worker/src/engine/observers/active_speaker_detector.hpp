#pragma once

// Dominant speaker identification from the audio levels of RTP packets (RFC 6464 3: -dBov,
// 0 = loudest, 127 = silence), after the idea of Volfin and Cohen, "Dominant Speaker
// Identification for Multipoint Videoconferencing" (Computer Speech & Language 27, 2013), the
// method Jitsi and mediasoup use: score each speaker's activity on three time scales and let a
// candidate take over only when it beats the current dominant speaker on all three. This is
// Weir's own simplified form of it:
//
// 1. Speech per packet. Each speaker has a noise floor F (in dB above -127 dBov). A packet of
//    loudness L = 127 - level counts by how far it rises over the speech threshold
//    T = max(F + kNoiseMarginDb, kMinSpeechLoudness): e = clamp(L - T, 0, kFullScaleDb).
//    Levels at the floor, background noise and the digital silence of a muted microphone give 0.
// 2. Immediate activity (the paper's immediate scale), per decision interval: the mean of e over
//    the interval's packets, divided by kFullScaleDb, so 0..1. An interval without packets is 0.
//    One loud packet among fifteen quiet ones moves it by at most 1/15.
// 3. Medium and long activity: the immediate activity smoothed with time constants
//    kMediumTau (0.8 s) and kLongTau (2 s), x += (a - x) * (1 - exp(-dt / tau)). Exponential
//    windows stand in for the paper's counts of active sub-blocks over N2 and N3 blocks; the time
//    constants are in real time, so the behaviour does not depend on the decision interval.
// 4. Decision, at the end of each interval. The current dominant speaker (or, when there is none,
//    a speaker who is silent at every scale) is compared with each other speaker c:
//      immediate(c) - immediate(d) >= kImmediateMargin  (c speaks now, more than d)
//      medium(c)    - medium(d)    >= kMediumMargin     (c has spoken for a while: one loud
//                                                        interval reaches only 0.31)
//      long(c)      - long(d)      >  kLongMargin       (c has spoken more over seconds)
//    Among those who pass all three, the largest medium margin wins (then the larger long margin,
//    then the earlier-added speaker). A change is reported only when the dominant speaker changes.
//
// What this gives at the 300 ms default interval (see the unit tests): from silence a speaker
// takes over after 3 intervals (0.9 s) of speech; when the dominant speaker stops and another
// starts, the turn passes after 5 intervals (1.5 s); a 0.9 s interjection during a long talk
// does not take over; while both speak the dominant speaker keeps the floor; silence keeps the
// last dominant speaker (there is no "nobody" event). A removed dominant speaker leaves the role
// empty until someone qualifies against silence.
//
// The noise floor: unknown at first (the threshold then assumes kMaxNoiseFloorLoudness); after
// each interval with packets F = min(interval minimum, F + kFloorRiseDbPerSecond * dt,
// kMaxNoiseFloorLoudness): it follows a quieter minimum at once and a louder one slowly, as
// minimum-statistics noise estimators do. Steady noise up to -60 dBov is learned and ignored.
// The cap keeps speech louder than -50 dBov counting whatever the floor (a steady -20 dBov
// source is full activity); noise louder than -60 dBov counts only a little (at -45 dBov: 0.17,
// far under the medium margin a speaker needs against silence). The V (voice activity) bit is
// not used: senders fill it unevenly.
//
// Sans-IO: time comes in as `now`; the owner arms a timer for NextTimeout(). Sources are slots
// (AddSource returns one); HandleLevel is O(1) and allocation-free.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/time.hpp"

namespace weir::engine {

class ActiveSpeakerDetector {
 public:
  static constexpr int kNoiseMarginDb = 10;
  static constexpr int kMinSpeechLoudness = 127 - 70;      // -70 dBov.
  static constexpr int kMaxNoiseFloorLoudness = 127 - 60;  // -60 dBov.
  static constexpr double kFloorRiseDbPerSecond = 2.0;
  static constexpr int kFullScaleDb = 30;
  static constexpr base::Duration kMediumTau = std::chrono::milliseconds(800);
  static constexpr base::Duration kLongTau = std::chrono::milliseconds(2000);
  static constexpr double kImmediateMargin = 0.3;
  static constexpr double kMediumMargin = 0.6;
  static constexpr double kLongMargin = 0.0;
  // Bounds on the time one interval is taken to span (a stalled loop decays at most this much).
  static constexpr base::Duration kMinStep = std::chrono::milliseconds(1);
  static constexpr base::Duration kMaxStep = std::chrono::seconds(10);

  struct Scores {
    double immediate = 0;
    double medium = 0;
    double longTerm = 0;
    std::optional<double> noiseFloor;  // dB above -127 dBov.
  };

  explicit ActiveSpeakerDetector(base::Duration interval);

  // A new source; its slot stays valid until RemoveSource (then it may be reused).
  uint32_t AddSource();
  // Removing the dominant speaker leaves the role empty (nothing is reported).
  void RemoveSource(uint32_t slot);
  size_t source_count() const { return sourceCount_; }

  // One packet of source `slot` carried `level` (-dBov, 0..127). Ignored while stopped.
  void HandleLevel(uint32_t slot, uint8_t level) {
    if (!running_ || slot >= sources_.size()) return;
    Source& s = sources_[slot];
    int loudness = 127 - level;
    int excess = loudness - s.threshold;
    if (excess > 0)
      s.excessSum += static_cast<uint32_t>(excess < kFullScaleDb ? excess : kFullScaleDb);
    if (loudness < s.minLoudness) s.minLoudness = static_cast<uint8_t>(loudness);
    ++s.count;
  }

  // Starts the interval clock at `now` (a running detector is restarted).
  void Start(base::Timestamp now);
  // Stops: activity is forgotten (it would be stale on resume); the dominant speaker and the
  // noise floors are kept.
  void Stop();
  bool running() const { return running_; }
  base::Timestamp NextTimeout() const { return running_ ? deadline_ : base::kNever; }

  // Closes the interval when `now` has reached NextTimeout(). Returns the new dominant speaker's
  // slot when it changed.
  std::optional<uint32_t> HandleTimeout(base::Timestamp now);
  std::optional<uint32_t> dominant() const { return dominant_; }
  Scores ScoresOf(uint32_t slot) const;
  base::Duration interval() const { return interval_; }

 private:
  struct Source {
    bool used = false;
    uint64_t sequence = 0;  // Order of addition, for ties.
    // The interval being gathered.
    uint32_t excessSum = 0;
    uint32_t count = 0;
    uint8_t minLoudness = 127;
    int threshold = kMaxNoiseFloorLoudness + kNoiseMarginDb;
    // Scores after the last interval.
    double immediate = 0;
    double medium = 0;
    double longTerm = 0;
    bool floorKnown = false;
    double floor = 0;
  };

  void Update(Source& s, double seconds, double mediumGain, double longGain);
  std::optional<uint32_t> Decide();
  static void ClearInterval(Source& s);

  base::Duration interval_;
  std::vector<Source> sources_;
  size_t sourceCount_ = 0;
  uint64_t nextSequence_ = 0;
  std::optional<uint32_t> dominant_;
  bool running_ = false;
  base::Timestamp lastTick_{};
  base::Timestamp deadline_ = base::kNever;
};

}  // namespace weir::engine
