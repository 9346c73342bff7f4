#include "sfu/audio_level_observer.hpp"

#include <utility>

#include "sfu/errors.hpp"
#include "sfu/producer.hpp"

namespace weir::sfu {

namespace {

engine::AudioLevelAggregator::Config ToConfig(const AudioLevelObserverOptions& options) {
  options.Validate();
  engine::AudioLevelAggregator::Config config;
  config.maxEntries = options.maxEntries;
  config.threshold = options.threshold;
  config.interval = options.interval;
  return config;
}

int64_t Millis(base::Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace

void AudioLevelObserverOptions::Validate() const {
  if (maxEntries < 1) ThrowTypeError("maxEntries: must be at least 1");
  if (threshold < -127 || threshold > 0) {
    ThrowTypeError("threshold: %d is not a volume in dBov (-127..0)", threshold);
  }
  if (interval < kMinInterval || interval > kMaxInterval) {
    ThrowTypeError("interval: %d ms is out of range (%d..%d ms)", Millis(interval),
                   Millis(kMinInterval), Millis(kMaxInterval));
  }
}

AudioLevelObserver::AudioLevelObserver(std::string id, const AudioLevelObserverOptions& options,
                                       Environment& env, RtpObserverListener& listener)
    : RtpObserver(std::move(id), env, listener), aggregator_(ToConfig(options)) {
  Begin();
}

void AudioLevelObserver::Stop() {
  if (aggregator_.Stop()) Emit(event::RtpObserverSilence{});
}

void AudioLevelObserver::HandleTimeout(base::Timestamp now) {
  switch (aggregator_.HandleTimeout(now)) {
    case engine::AudioLevelAggregator::Report::kNone:
      break;
    case engine::AudioLevelAggregator::Report::kSilence:
      Emit(event::RtpObserverSilence{});
      break;
    case engine::AudioLevelAggregator::Report::kVolumes: {
      event::RtpObserverVolumes volumes;
      for (const auto& v : aggregator_.volumes()) {
        if (Producer* producer = ProducerAt(v.slot)) {
          volumes.volumes.push_back({producer->id(), v.volume});
        }
      }
      Emit(volumes);
      break;
    }
  }
}

}  // namespace weir::sfu
