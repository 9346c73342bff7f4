#include "sfu/consumer.hpp"

#include "sfu/producer.hpp"

namespace weir::sfu {

Consumer::Consumer(ConsumerOptions options, ConsumerType type, Environment& env,
                   ConsumerListener& listener, Producer& producer)
    : options_(std::move(options)),
      type_(type),
      env_(env),
      listener_(listener),
      producer_(&producer),
      paused_(options_.paused),
      producerPaused_(options_.producerPaused) {}

Consumer::~Consumer() = default;

void Consumer::UpdateActive(bool wasActive, base::Timestamp now) {
  if (!wasActive && active()) OnActivated(now);
}

void Consumer::Pause() {
  paused_ = true;
}

void Consumer::Resume(base::Timestamp now) {
  bool was = active();
  paused_ = false;
  UpdateActive(was, now);
}

void Consumer::SetProducerPaused(bool paused, base::Timestamp now) {
  bool was = active();
  producerPaused_ = paused;
  env_.notifier.Emit(id(), paused ? Event(event::ConsumerProducerPause{})
                                  : Event(event::ConsumerProducerResume{}));
  UpdateActive(was, now);
}

void Consumer::ProducerClosed() {
  producer_ = nullptr;
}

void Consumer::SetTransportConnected(bool connected, base::Timestamp now) {
  bool was = active();
  transportConnected_ = connected;
  UpdateActive(was, now);
}

std::vector<uint8_t> Consumer::ProducerScores() const {
  return producer_ != nullptr ? producer_->Scores() : std::vector<uint8_t>{};
}

void Consumer::EmitScore(uint8_t score, uint8_t producerScore) {
  env_.notifier.Emit(id(), event::ConsumerScore{score, producerScore, ProducerScores()});
}

}  // namespace weir::sfu
