#include "engine/observers/active_speaker_detector.hpp"

#include <algorithm>
#include <cmath>

namespace weir::engine {

namespace {

double Seconds(base::Duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

ActiveSpeakerDetector::ActiveSpeakerDetector(base::Duration interval) : interval_(interval) {}

uint32_t ActiveSpeakerDetector::AddSource() {
  auto it = std::find_if(sources_.begin(), sources_.end(), [](const Source& s) { return !s.used; });
  if (it == sources_.end()) it = sources_.insert(sources_.end(), Source{});
  *it = Source{};
  it->used = true;
  it->sequence = nextSequence_++;
  ++sourceCount_;
  return static_cast<uint32_t>(it - sources_.begin());
}

void ActiveSpeakerDetector::RemoveSource(uint32_t slot) {
  if (slot >= sources_.size() || !sources_[slot].used) return;
  sources_[slot] = Source{};
  --sourceCount_;
  if (dominant_ == slot) dominant_.reset();
}

void ActiveSpeakerDetector::ClearInterval(Source& s) {
  s.excessSum = 0;
  s.count = 0;
  s.minLoudness = 127;
}

void ActiveSpeakerDetector::Start(base::Timestamp now) {
  for (auto& s : sources_)
    ClearInterval(s);
  running_ = true;
  lastTick_ = now;
  deadline_ = now + interval_;
}

void ActiveSpeakerDetector::Stop() {
  running_ = false;
  deadline_ = base::kNever;
  for (auto& s : sources_) {
    ClearInterval(s);
    s.immediate = s.medium = s.longTerm = 0;
  }
}

std::optional<uint32_t> ActiveSpeakerDetector::HandleTimeout(base::Timestamp now) {
  if (!running_ || now < deadline_) return std::nullopt;
  double seconds = Seconds(std::clamp(now - lastTick_, kMinStep, kMaxStep));
  lastTick_ = now;
  deadline_ += interval_;
  if (deadline_ <= now) deadline_ = now + interval_;
  double mediumGain = 1 - std::exp(-seconds / Seconds(kMediumTau));
  double longGain = 1 - std::exp(-seconds / Seconds(kLongTau));
  for (auto& s : sources_) {
    if (s.used) Update(s, seconds, mediumGain, longGain);
  }
  return Decide();
}

void ActiveSpeakerDetector::Update(Source& s, double seconds, double mediumGain, double longGain) {
  double a = s.count == 0
                 ? 0.0
                 : static_cast<double>(s.excessSum) / (static_cast<double>(s.count) * kFullScaleDb);
  s.immediate = a;
  s.medium += (a - s.medium) * mediumGain;
  s.longTerm += (a - s.longTerm) * longGain;
  if (s.count > 0) {
    // Follows a quieter minimum at once, a louder one at kFloorRiseDbPerSecond, never above
    // the cap (see the header).
    double floor = std::min<double>(s.minLoudness, kMaxNoiseFloorLoudness);
    if (s.floorKnown) floor = std::min(floor, s.floor + kFloorRiseDbPerSecond * seconds);
    s.floor = floor;
    s.floorKnown = true;
    s.threshold =
        std::max(static_cast<int>(std::lround(s.floor)) + kNoiseMarginDb, kMinSpeechLoudness);
  }
  ClearInterval(s);
}

std::optional<uint32_t> ActiveSpeakerDetector::Decide() {
  static const Source kSilent{};
  const Source& d = dominant_ ? sources_[*dominant_] : kSilent;
  std::optional<uint32_t> best;
  double bestMedium = 0;
  double bestLong = 0;
  for (uint32_t slot = 0; slot < sources_.size(); ++slot) {
    const Source& c = sources_[slot];
    if (!c.used || dominant_ == slot) continue;
    double c1 = c.immediate - d.immediate;
    double c2 = c.medium - d.medium;
    double c3 = c.longTerm - d.longTerm;
    if (c1 < kImmediateMargin || c2 < kMediumMargin || c3 <= kLongMargin) continue;
    // Slots are scanned in order, but a reused slot can be younger: compare the sequence.
    bool better = !best || c2 > bestMedium || (c2 == bestMedium && c3 > bestLong) ||
                  (c2 == bestMedium && c3 == bestLong && c.sequence < sources_[*best].sequence);
    if (better) {
      best = slot;
      bestMedium = c2;
      bestLong = c3;
    }
  }
  if (best) dominant_ = best;
  return best;
}

ActiveSpeakerDetector::Scores ActiveSpeakerDetector::ScoresOf(uint32_t slot) const {
  Scores scores;
  if (slot >= sources_.size() || !sources_[slot].used) return scores;
  const Source& s = sources_[slot];
  scores.immediate = s.immediate;
  scores.medium = s.medium;
  scores.longTerm = s.longTerm;
  if (s.floorKnown) scores.noiseFloor = s.floor;
  return scores;
}

}  // namespace weir::engine
