#include "engine/observers/audio_level_aggregator.hpp"

#include <algorithm>

namespace weir::engine {

AudioLevelAggregator::AudioLevelAggregator(Config config)
    : config_(config), minSamples_(MinSamples(config.interval)) {}

size_t AudioLevelAggregator::MinSamples(base::Duration interval) {
  auto n = static_cast<size_t>(std::max<int64_t>(interval / kSampleSpacing, 1));
  return std::min(n, kMaxMinSamples);
}

uint32_t AudioLevelAggregator::AddSource() {
  auto it = std::find_if(sources_.begin(), sources_.end(), [](const Source& s) { return !s.used; });
  if (it == sources_.end()) it = sources_.insert(sources_.end(), Source{});
  *it = Source{true, nextSequence_++, 0, 0};
  ++sourceCount_;
  return static_cast<uint32_t>(it - sources_.begin());
}

void AudioLevelAggregator::RemoveSource(uint32_t slot) {
  if (slot >= sources_.size() || !sources_[slot].used) return;
  sources_[slot] = Source{};
  --sourceCount_;
}

void AudioLevelAggregator::Start(base::Timestamp now) {
  for (auto& s : sources_) {
    s.sum = 0;
    s.count = 0;
  }
  running_ = true;
  deadline_ = now + config_.interval;
}

bool AudioLevelAggregator::Stop() {
  running_ = false;
  deadline_ = base::kNever;
  for (auto& s : sources_) {
    s.sum = 0;
    s.count = 0;
  }
  volumes_.clear();
  bool wasLoud = !silent_;
  silent_ = true;
  return wasLoud;
}

AudioLevelAggregator::Report AudioLevelAggregator::HandleTimeout(base::Timestamp now) {
  if (!running_ || now < deadline_) return Report::kNone;
  // Keep the cadence; after a stall (the loop was busy) start afresh from now.
  deadline_ += config_.interval;
  if (deadline_ <= now) deadline_ = now + config_.interval;

  // At most as many candidates as sources: the vector only grows when sources are added.
  auto& candidates = candidates_;
  candidates.clear();
  for (uint32_t slot = 0; slot < sources_.size(); ++slot) {
    Source& s = sources_[slot];
    if (s.used && s.count >= minSamples_) {
      // Round to nearest (halves up in -dBov, i.e. toward the quieter side, as lround does).
      auto level = static_cast<int>((2 * s.sum + s.count) / (2 * s.count));
      auto volume = static_cast<int8_t>(-level);
      if (volume >= config_.threshold) candidates.push_back({volume, s.sequence, slot});
    }
    s.sum = 0;
    s.count = 0;
  }
  volumes_.clear();
  if (candidates.empty()) {
    if (silent_) return Report::kNone;
    silent_ = true;
    return Report::kSilence;
  }
  size_t n = std::min(candidates.size(), config_.maxEntries);
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<ptrdiff_t>(n),
                    candidates.end(), [](const Candidate& a, const Candidate& b) {
                      if (a.volume != b.volume) return a.volume > b.volume;
                      return a.sequence < b.sequence;
                    });
  for (size_t i = 0; i < n; ++i)
    volumes_.push_back({candidates[i].slot, candidates[i].volume});
  silent_ = false;
  return Report::kVolumes;
}

}  // namespace weir::engine
