#include "sfu/active_speaker_observer.hpp"

#include <utility>

#include "sfu/errors.hpp"
#include "sfu/producer.hpp"

namespace weir::sfu {

namespace {

base::Duration Validated(const ActiveSpeakerObserverOptions& options) {
  options.Validate();
  return options.interval;
}

int64_t Millis(base::Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace

void ActiveSpeakerObserverOptions::Validate() const {
  if (interval < kMinInterval || interval > kMaxInterval) {
    ThrowTypeError("interval: %d ms is out of range (%d..%d ms)", Millis(interval),
                   Millis(kMinInterval), Millis(kMaxInterval));
  }
}

ActiveSpeakerObserver::ActiveSpeakerObserver(std::string id,
                                             const ActiveSpeakerObserverOptions& options,
                                             Environment& env, RtpObserverListener& listener)
    : RtpObserver(std::move(id), env, listener), detector_(Validated(options)) {
  Begin();
}

std::string ActiveSpeakerObserver::DominantProducerId() const {
  auto slot = detector_.dominant();
  if (!slot) return {};
  Producer* producer = ProducerAt(*slot);
  return producer != nullptr ? producer->id() : std::string();
}

void ActiveSpeakerObserver::HandleTimeout(base::Timestamp now) {
  auto dominant = detector_.HandleTimeout(now);
  if (!dominant) return;
  if (Producer* producer = ProducerAt(*dominant)) {
    Emit(event::RtpObserverDominantSpeaker{producer->id()});
  }
}

}  // namespace weir::sfu
