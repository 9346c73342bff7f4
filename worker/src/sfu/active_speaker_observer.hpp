#pragma once

// An RtpObserver that reports the dominant speaker among its producers
// (rtpObserver.dominantspeaker) when it changes, decided at every interval by
// engine::ActiveSpeakerDetector (its header documents the method and the constants).

#include <cstdint>
#include <string>

#include "engine/observers/active_speaker_detector.hpp"
#include "sfu/rtp_observer.hpp"

namespace weir::sfu {

struct ActiveSpeakerObserverOptions {
  static constexpr base::Duration kMinInterval = std::chrono::milliseconds(50);
  static constexpr base::Duration kMaxInterval = std::chrono::seconds(10);

  base::Duration interval = std::chrono::milliseconds(300);

  // TypeError naming the field when one is out of range.
  void Validate() const;
};

class ActiveSpeakerObserver final : public RtpObserver {
 public:
  // Throws TypeError for invalid options.
  ActiveSpeakerObserver(std::string id, const ActiveSpeakerObserverOptions& options,
                        Environment& env, RtpObserverListener& listener);

  base::Duration interval() const { return detector_.interval(); }
  // The current dominant speaker's producer id (empty when there is none).
  std::string DominantProducerId() const;

  void ReceiveAudioLevel(uint32_t slot, uint8_t level) override {
    detector_.HandleLevel(slot, level);
  }

 protected:
  uint32_t AddSource() override { return detector_.AddSource(); }
  void RemoveSource(uint32_t slot) override { detector_.RemoveSource(slot); }
  void Start(base::Timestamp now) override { detector_.Start(now); }
  void Stop() override { detector_.Stop(); }
  base::Timestamp NextTimeout() const override { return detector_.NextTimeout(); }
  void HandleTimeout(base::Timestamp now) override;

 private:
  engine::ActiveSpeakerDetector detector_;
};

}  // namespace weir::sfu
