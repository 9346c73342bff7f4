#pragma once

// An RtpObserver that reports, every interval, the loudest of its producers (rtpObserver.volumes,
// loudest first) or, on the transition to quiet, rtpObserver.silence. The rules (averaging in
// dBov, threshold, maxEntries, minimum samples) are engine::AudioLevelAggregator's.

#include <cstdint>
#include <string>

#include "engine/observers/audio_level_aggregator.hpp"
#include "sfu/rtp_observer.hpp"

namespace weir::sfu {

struct AudioLevelObserverOptions {
  static constexpr base::Duration kMinInterval = std::chrono::milliseconds(100);
  static constexpr base::Duration kMaxInterval = std::chrono::seconds(60);

  uint16_t maxEntries = 1;  // At least 1.
  int8_t threshold = -80;   // dBov, -127..0.
  base::Duration interval = std::chrono::milliseconds(1000);

  // TypeError naming the field when one is out of range.
  void Validate() const;
};

class AudioLevelObserver final : public RtpObserver {
 public:
  // Throws TypeError for invalid options.
  AudioLevelObserver(std::string id, const AudioLevelObserverOptions& options, Environment& env,
                     RtpObserverListener& listener);

  const engine::AudioLevelAggregator::Config& config() const { return aggregator_.config(); }

  void ReceiveAudioLevel(uint32_t slot, uint8_t level) override {
    aggregator_.HandleLevel(slot, level);
  }

 protected:
  uint32_t AddSource() override { return aggregator_.AddSource(); }
  void RemoveSource(uint32_t slot) override { aggregator_.RemoveSource(slot); }
  void Start(base::Timestamp now) override { aggregator_.Start(now); }
  void Stop() override;
  base::Timestamp NextTimeout() const override { return aggregator_.NextTimeout(); }
  void HandleTimeout(base::Timestamp now) override;

 private:
  engine::AudioLevelAggregator aggregator_;
};

}  // namespace weir::sfu
