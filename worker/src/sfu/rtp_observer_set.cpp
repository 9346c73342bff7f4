#include "sfu/rtp_observer_set.hpp"

#include <algorithm>

#include "proto/rtp/extensions/audio_level.hpp"
#include "sfu/errors.hpp"
#include "sfu/header_extension_map.hpp"
#include "sfu/producer.hpp"

namespace weir::sfu {

RtpObserverSet::RtpObserverSet(Environment& env, Registry& registry, Router& router)
    : env_(env), registry_(registry), router_(router) {}

RtpObserverSet::~RtpObserverSet() {
  CloseAll();
}

void RtpObserverSet::CheckCreate(const std::string& id) const {
  if (closed_) ThrowInvalidState("router closed");
  if (id.empty()) ThrowTypeError("missing rtpObserverId");
  if (registry_.rtpObservers.Contains(id)) {
    ThrowInvalidState("an RtpObserver with id '%s' already exists", id);
  }
}

template <typename T>
T& RtpObserverSet::Insert(const std::string& id, std::unique_ptr<T> observer) {
  T& ref = *observer;
  registry_.rtpObservers.Add(id, &ref, "rtpObserver");
  registry_.rtpObserverRouters.Add(id, &router_, "rtpObserver");
  observers_[id] = std::move(observer);
  return ref;
}

AudioLevelObserver& RtpObserverSet::CreateAudioLevelObserver(
    const std::string& id, const AudioLevelObserverOptions& options) {
  CheckCreate(id);
  return Insert(id, std::make_unique<AudioLevelObserver>(id, options, env_, *this));
}

ActiveSpeakerObserver& RtpObserverSet::CreateActiveSpeakerObserver(
    const std::string& id, const ActiveSpeakerObserverOptions& options) {
  CheckCreate(id);
  return Insert(id, std::make_unique<ActiveSpeakerObserver>(id, options, env_, *this));
}

RtpObserver& RtpObserverSet::Get(const std::string& id) const {
  auto it = observers_.find(id);
  if (it == observers_.end()) ThrowNotFound("RtpObserver '%s' not found", id);
  return *it->second;
}

void RtpObserverSet::Close(const std::string& id) {
  auto it = observers_.find(id);
  if (it == observers_.end()) ThrowNotFound("RtpObserver '%s' not found", id);
  std::unique_ptr<RtpObserver> observer = std::move(it->second);
  observers_.erase(it);
  for (auto o = observed_.begin(); o != observed_.end();) {
    std::erase_if(o->second.watchers,
                  [&](const Watcher& w) { return w.observer == observer.get(); });
    if (o->second.watchers.empty()) {
      observed_.erase(o++);
    } else {
      ++o;
    }
  }
  registry_.rtpObservers.Remove(id);
  registry_.rtpObserverRouters.Remove(id);
}

void RtpObserverSet::CloseAll() {
  closed_ = true;
  while (!observers_.empty())
    Close(observers_.begin()->first);
}

std::vector<std::string> RtpObserverSet::Ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, observer] : observers_)
    ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::pair<std::string, std::vector<std::string>>> RtpObserverSet::ProducerObserverIds()
    const {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& [producer, observed] : observed_) {
    std::vector<std::string> ids;
    for (const auto& w : observed.watchers)
      ids.push_back(w.observer->id());
    std::sort(ids.begin(), ids.end());
    out.emplace_back(producer->id(), std::move(ids));
  }
  std::sort(out.begin(), out.end());
  return out;
}

void RtpObserverSet::OnProducerClosed(Producer& producer) {
  auto it = observed_.find(&producer);
  if (it == observed_.end()) return;
  for (const auto& w : it->second.watchers)
    w.observer->ProducerClosed(producer);
  observed_.erase(it);
}

void RtpObserverSet::OnRtpObserverAddProducer(RtpObserver& observer, Producer& producer,
                                              uint32_t slot) {
  auto [it, inserted] = observed_.try_emplace(&producer);
  if (inserted) {
    it->second.audioLevelId =
        ExtensionIds::From(producer.consumableRtpParameters().headerExtensions).audioLevel;
  }
  it->second.watchers.push_back({&observer, slot});
}

void RtpObserverSet::OnRtpObserverRemoveProducer(RtpObserver& observer, Producer& producer) {
  auto it = observed_.find(&producer);
  if (it == observed_.end()) return;
  std::erase_if(it->second.watchers, [&](const Watcher& w) { return w.observer == &observer; });
  if (it->second.watchers.empty()) observed_.erase(it);
}

void RtpObserverSet::Feed(const Producer& producer, const proto::rtp::RtpPacket& packet) {
  auto it = observed_.find(&producer);
  if (it == observed_.end() || it->second.audioLevelId == 0) return;
  auto value = packet.GetExtension(it->second.audioLevelId);
  if (!value) return;  // Packets without the extension do not count (RFC 6464 3 is per packet).
  auto level = proto::rtp::extensions::AudioLevel::Parse(*value);
  if (!level) return;
  for (const auto& w : it->second.watchers)
    w.observer->ReceiveAudioLevel(w.slot, level->level);
}

}  // namespace weir::sfu
