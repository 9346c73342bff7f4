#pragma once

// An RtpObserver watches some audio producers of its router and reports on what they carry:
// AudioLevelObserver (volumes, silence) and ActiveSpeakerObserver (dominant speaker). The router
// owns observers (through its RtpObserverSet), tells each the audio level of every packet of the
// producers it observes and nothing else, and removes a producer that closes. Each observer has
// one timer, armed for its sans-IO core's next interval end (engine/observers/).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/time.hpp"
#include "sfu/environment.hpp"
#include "sfu/notifier.hpp"

namespace weir::sfu {

class Producer;
class RtpObserver;

// The router's bookkeeping: which observers watch a producer, at which slot.
class RtpObserverListener {
 public:
  virtual ~RtpObserverListener() = default;
  virtual void OnRtpObserverAddProducer(RtpObserver& observer, Producer& producer,
                                        uint32_t slot) = 0;
  virtual void OnRtpObserverRemoveProducer(RtpObserver& observer, Producer& producer) = 0;
};

class RtpObserver : public TimerListener {
 public:
  ~RtpObserver() override;
  RtpObserver(const RtpObserver&) = delete;
  RtpObserver& operator=(const RtpObserver&) = delete;

  const std::string& id() const { return id_; }
  bool paused() const { return paused_; }

  // --- Control plane (throw sfu::Error) ---
  // TypeError unless the producer is audio; InvalidState if it is observed already.
  void AddProducer(Producer& producer);
  // NotFound unless the producer is observed.
  void RemoveProducer(Producer& producer);
  // Idempotent. A paused observer ignores packets and reports nothing (an AudioLevelObserver
  // that last reported volumes reports silence as it pauses).
  void Pause();
  void Resume();
  bool Observes(const Producer& producer) const;
  std::vector<std::string> ProducerIds() const;  // Sorted.

  // The producer closed: forgets it without calling the listener back (the router cleans up).
  void ProducerClosed(Producer& producer);

  // --- Data plane: the audio level (-dBov, 0..127) of one packet of the producer at `slot` ---
  virtual void ReceiveAudioLevel(uint32_t slot, uint8_t level) = 0;

  // --- TimerListener ---
  void OnTimer(base::Timestamp now) override;

 protected:
  RtpObserver(std::string id, Environment& env, RtpObserverListener& listener);

  // Derived constructors call this once their core exists: starts the interval clock.
  void Begin();
  Producer* ProducerAt(uint32_t slot) const;
  void Emit(const Event& event) { env_.notifier.Emit(id_, event); }

  // The sans-IO core behind each kind.
  virtual uint32_t AddSource() = 0;
  virtual void RemoveSource(uint32_t slot) = 0;
  virtual void Start(base::Timestamp now) = 0;
  virtual void Stop() = 0;
  virtual base::Timestamp NextTimeout() const = 0;
  virtual void HandleTimeout(base::Timestamp now) = 0;

 private:
  int FindSlot(const Producer& producer) const;
  void Rearm();

  std::string id_;
  Environment& env_;
  RtpObserverListener& listener_;
  std::unique_ptr<Timer> timer_;
  std::vector<Producer*> producers_;  // By slot; null for a free slot.
  bool paused_ = false;
};

}  // namespace weir::sfu
