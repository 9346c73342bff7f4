#include "sfu/rtp_observer.hpp"

#include <algorithm>
#include <utility>

#include "base/logging.hpp"
#include "sfu/errors.hpp"
#include "sfu/producer.hpp"

namespace weir::sfu {

RtpObserver::RtpObserver(std::string id, Environment& env, RtpObserverListener& listener)
    : id_(std::move(id)), env_(env), listener_(listener), timer_(env.network.CreateTimer(this)) {}

RtpObserver::~RtpObserver() = default;

void RtpObserver::Begin() {
  Start(env_.clock.Now());
  Rearm();
}

void RtpObserver::AddProducer(Producer& producer) {
  if (producer.kind() != MediaKind::kAudio) {
    ThrowTypeError("Producer '%s' is not an audio producer", producer.id());
  }
  if (FindSlot(producer) >= 0) {
    ThrowInvalidState("Producer '%s' is already in RtpObserver '%s'", producer.id(), id_);
  }
  uint32_t slot = AddSource();
  if (slot >= producers_.size()) producers_.resize(slot + 1, nullptr);
  producers_[slot] = &producer;
  listener_.OnRtpObserverAddProducer(*this, producer, slot);
  WEIR_DEBUG(kInfo, "rtpObserver %s: producer %s added", id_, producer.id());
}

void RtpObserver::RemoveProducer(Producer& producer) {
  int slot = FindSlot(producer);
  if (slot < 0) ThrowNotFound("Producer '%s' is not in RtpObserver '%s'", producer.id(), id_);
  listener_.OnRtpObserverRemoveProducer(*this, producer);
  RemoveSource(static_cast<uint32_t>(slot));
  producers_[static_cast<size_t>(slot)] = nullptr;
}

void RtpObserver::ProducerClosed(Producer& producer) {
  int slot = FindSlot(producer);
  if (slot < 0) return;
  RemoveSource(static_cast<uint32_t>(slot));
  producers_[static_cast<size_t>(slot)] = nullptr;
}

void RtpObserver::Pause() {
  if (paused_) return;
  paused_ = true;
  Stop();
  timer_->Disarm();
}

void RtpObserver::Resume() {
  if (!paused_) return;
  paused_ = false;
  Start(env_.clock.Now());
  Rearm();
}

bool RtpObserver::Observes(const Producer& producer) const {
  return FindSlot(producer) >= 0;
}

std::vector<std::string> RtpObserver::ProducerIds() const {
  std::vector<std::string> ids;
  for (const Producer* p : producers_) {
    if (p != nullptr) ids.push_back(p->id());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

void RtpObserver::OnTimer(base::Timestamp now) {
  if (paused_) return;
  HandleTimeout(now);
  Rearm();
}

Producer* RtpObserver::ProducerAt(uint32_t slot) const {
  return slot < producers_.size() ? producers_[slot] : nullptr;
}

int RtpObserver::FindSlot(const Producer& producer) const {
  for (size_t i = 0; i < producers_.size(); ++i) {
    if (producers_[i] == &producer) return static_cast<int>(i);
  }
  return -1;
}

void RtpObserver::Rearm() {
  base::Timestamp next = NextTimeout();
  if (next == base::kNever) {
    timer_->Disarm();
  } else {
    timer_->Arm(next);
  }
}

}  // namespace weir::sfu
