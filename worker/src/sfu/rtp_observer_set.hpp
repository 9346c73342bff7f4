#pragma once

// A router's RTP observers: creates and closes them, registers their ids, and keeps, per observed
// producer, the router's id of the ssrc-audio-level extension (from the producer's consumable
// parameters: packets reach the router already mapped to its ids) and the observers watching it
// at which slot. The router calls OnRtpPacket in its fan-out: a producer no observer watches
// costs one hash look-up (none at all when the router has no observed producer); an observed
// one a parse of the one-byte extension, then an array store per observer. No allocation.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "proto/rtp/rtp_packet.hpp"
#include "sfu/active_speaker_observer.hpp"
#include "sfu/audio_level_observer.hpp"
#include "sfu/environment.hpp"
#include "sfu/registry.hpp"
#include "sfu/rtp_observer.hpp"

namespace weir::sfu {

class Router;

class RtpObserverSet final : public RtpObserverListener {
 public:
  RtpObserverSet(Environment& env, Registry& registry, Router& router);
  ~RtpObserverSet() override;
  RtpObserverSet(const RtpObserverSet&) = delete;
  RtpObserverSet& operator=(const RtpObserverSet&) = delete;

  // Throw TypeError for a missing id or invalid options, InvalidState for a duplicate id or a
  // closed router.
  AudioLevelObserver& CreateAudioLevelObserver(const std::string& id,
                                               const AudioLevelObserverOptions& options);
  ActiveSpeakerObserver& CreateActiveSpeakerObserver(const std::string& id,
                                                     const ActiveSpeakerObserverOptions& options);
  // NotFound for an id that is not one of this router's observers.
  RtpObserver& Get(const std::string& id) const;
  void Close(const std::string& id);
  // Closes every observer; later creations are refused. Idempotent.
  void CloseAll();
  std::vector<std::string> Ids() const;  // Sorted.
  // producer id -> ids of the observers watching it, both sorted (router.dump).
  std::vector<std::pair<std::string, std::vector<std::string>>> ProducerObserverIds() const;
  size_t size() const { return observers_.size(); }

  // --- From the router ---
  void OnProducerClosed(Producer& producer);
  // Hot path: every forwarded packet of every producer.
  void OnRtpPacket(const Producer& producer, const proto::rtp::RtpPacket& packet) {
    if (!observed_.empty()) Feed(producer, packet);
  }

  // --- RtpObserverListener ---
  void OnRtpObserverAddProducer(RtpObserver& observer, Producer& producer, uint32_t slot) override;
  void OnRtpObserverRemoveProducer(RtpObserver& observer, Producer& producer) override;

 private:
  struct Watcher {
    RtpObserver* observer;
    uint32_t slot;
  };
  struct Observed {
    uint8_t audioLevelId = 0;  // 0: the producer does not send the extension.
    std::vector<Watcher> watchers;
  };

  void Feed(const Producer& producer, const proto::rtp::RtpPacket& packet);
  void CheckCreate(const std::string& id) const;
  template <typename T>
  T& Insert(const std::string& id, std::unique_ptr<T> observer);

  Environment& env_;
  Registry& registry_;
  Router& router_;
  absl::flat_hash_map<std::string, std::unique_ptr<RtpObserver>> observers_;
  absl::flat_hash_map<const Producer*, Observed> observed_;
  bool closed_ = false;
};

}  // namespace weir::sfu
