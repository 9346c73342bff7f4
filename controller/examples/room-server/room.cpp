#include "room.hpp"

#include <cstdio>
#include <utility>

#include "room_events.hpp"

namespace weir::room {
namespace {

// ActiveSpeakerObserver decision interval; AudioLevelObserver reporting (PROTOCOL.md).
constexpr uint16_t kActiveSpeakerIntervalMs = 300;
constexpr uint16_t kAudioLevelIntervalMs = 800;
constexpr int8_t kAudioLevelThresholdDbov = -70;
constexpr uint16_t kAudioLevelMaxEntries = 16;

// Worker JSON is trusted but read without throwing all the same.
std::string StringField(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void LogError(const std::string& roomId, std::string_view what, const absl::Status& status) {
  std::fprintf(stderr, "weir-room: room %s: %.*s: %s\n", roomId.c_str(),
               static_cast<int>(what.size()), what.data(), std::string(status.message()).c_str());
}

}  // namespace

Room::Room(std::string id, std::shared_ptr<Worker> worker, std::shared_ptr<Router> router)
    : id_(std::move(id)), worker_(std::move(worker)), router_(std::move(router)) {}

Room::~Room() = default;

std::shared_ptr<Peer> Room::peer(const std::string& id) const {
  auto it = peers_.find(id);
  return it == peers_.end() ? nullptr : it->second;
}

void Room::StartObservers() {
  std::weak_ptr<Room> weak = weak_from_this();
  RtpObserver::CreateActiveSpeaker(
      worker_, *router_, kActiveSpeakerIntervalMs,
      [weak](absl::StatusOr<std::unique_ptr<RtpObserver>> observer) {
        auto room = weak.lock();
        if (!room || room->closed_) return;
        if (!observer.ok())
          return LogError(room->id_, "no active speaker events", observer.status());
        room->activeSpeakerObserver_ = *std::move(observer);
        room->activeSpeakerObserver_->OnNotification([weak](const Notification& n) {
          if (auto r = weak.lock(); r && n.event == "rtpObserver.dominantspeaker") {
            r->HandleActiveSpeaker(n.body);
          }
        });
        // Producers made while the observer was being created.
        for (const auto& [peerId, peer] : room->peers_) {
          for (const auto& [producerId, entry] : peer->producers) {
            if (entry.producer->mediaKind() == MediaKind::kAudio) {
              room->activeSpeakerObserver_->AddProducer(producerId);
            }
          }
        }
      });
  RtpObserver::CreateAudioLevel(
      worker_, *router_, kAudioLevelMaxEntries, kAudioLevelThresholdDbov, kAudioLevelIntervalMs,
      [weak](absl::StatusOr<std::unique_ptr<RtpObserver>> observer) {
        auto room = weak.lock();
        if (!room || room->closed_) return;
        if (!observer.ok()) return LogError(room->id_, "no audio level events", observer.status());
        room->audioLevelObserver_ = *std::move(observer);
        room->audioLevelObserver_->OnNotification([weak](const Notification& n) {
          auto r = weak.lock();
          if (!r) return;
          if (n.event == "rtpObserver.volumes") r->HandleVolumes(n.body);
          if (n.event == "rtpObserver.silence") r->Broadcast(events::AudioLevels({}));
        });
        for (const auto& [peerId, peer] : room->peers_) {
          for (const auto& [producerId, entry] : peer->producers) {
            if (entry.producer->mediaKind() == MediaKind::kAudio) {
              room->audioLevelObserver_->AddProducer(producerId);
            }
          }
        }
      });
}

void Room::OnClosed(absl::AnyInvocable<void(Room&)> listener) {
  closedListeners_.push_back(std::move(listener));
}

bool Room::AddPeer(const std::shared_ptr<Peer>& peer) {
  if (closed_ || peers_.contains(peer->id())) return false;
  Broadcast(events::PeerJoined(*peer));
  peers_.emplace(peer->id(), peer);
  return true;
}

void Room::RemovePeer(const std::string& peerId) {
  auto it = peers_.find(peerId);
  if (it == peers_.end()) return;
  std::shared_ptr<Peer> peer = std::move(it->second);
  peers_.erase(it);
  peer->MarkLeft();
  peer->CloseTransports();
  Broadcast(events::PeerLeft(peerId));
  if (activeSpeakerPeerId_ == peerId) {
    activeSpeakerPeerId_.reset();
    Broadcast(events::ActiveSpeaker(std::nullopt));
  }
  if (peers_.empty()) Close("empty");
}

void Room::Broadcast(const nlohmann::json& event, const Peer* except) {
  for (const auto& [id, peer] : peers_) {
    if (peer.get() != except) peer->Send(event);
  }
}

void Room::Close(const std::string& reason) {
  if (closed_) return;
  closed_ = true;
  std::shared_ptr<Room> self = shared_from_this();  // listeners may drop the last owner
  std::map<std::string, std::shared_ptr<Peer>> peers = std::move(peers_);
  peers_.clear();
  for (const auto& [id, peer] : peers) {
    peer->MarkLeft();
    peer->Send(events::RoomClosed(reason));
    peer->Evict();
  }
  activeSpeakerObserver_.reset();
  audioLevelObserver_.reset();
  // Closing the router closes every transport, producer and consumer in the worker (a no-op
  // when the worker is dead: the router is closed already).
  router_->Close();
  auto listeners = std::move(closedListeners_);
  closedListeners_.clear();
  for (auto& listener : listeners)
    listener(*this);
}

void Room::HandleNewProducer(const std::shared_ptr<Peer>& owner, const std::string& producerId) {
  std::shared_ptr<Producer> producer = owner->producer(producerId);
  if (!producer) return;
  for (const auto& [id, peer] : peers_) {
    if (peer != owner && peer->ReadyToConsume()) Consume(peer, owner, producerId);
  }
  if (producer->mediaKind() == MediaKind::kAudio) {
    if (activeSpeakerObserver_) activeSpeakerObserver_->AddProducer(producerId);
    if (audioLevelObserver_) audioLevelObserver_->AddProducer(producerId);
  }
}

void Room::ConsumeAllFor(const std::shared_ptr<Peer>& peer) {
  if (!peer->ReadyToConsume()) return;
  for (const auto& [id, owner] : peers_) {
    if (owner == peer) continue;
    for (const auto& [producerId, entry] : owner->producers)
      Consume(peer, owner, producerId);
  }
}

void Room::Consume(const std::shared_ptr<Peer>& consumer, const std::shared_ptr<Peer>& owner,
                   const std::string& producerId) {
  if (!consumer->consumedProducerIds.insert(producerId).second) return;  // has one already
  ConsumerOptions options;
  options.producerId = producerId;
  options.rtpCapabilities = *consumer->rtpCapabilities;
  options.paused = true;  // resumed by the client once its consume() has resolved
  std::weak_ptr<Room> weakRoom = weak_from_this();
  std::weak_ptr<Peer> weakConsumer = consumer;
  std::string ownerId = owner->id();
  consumer->recvTransport->Consume(
      std::move(options), [weakRoom, weakConsumer, ownerId,
                           producerId](absl::StatusOr<std::shared_ptr<weir::Consumer>> made) {
        auto peer = weakConsumer.lock();
        auto room = weakRoom.lock();
        if (!made.ok()) {
          if (peer) peer->consumedProducerIds.erase(producerId);
          // NotFound / FailedPrecondition: the producer or transport closed meanwhile; anything
          // else (capabilities that cannot receive it) is worth a line.
          if (room && made.status().code() != absl::StatusCode::kNotFound &&
              made.status().code() != absl::StatusCode::kFailedPrecondition) {
            LogError(room->id_, "consume", made.status());
          }
          return;
        }
        std::shared_ptr<weir::Consumer> c = *std::move(made);
        if (!peer || peer->left() || !room || room->closed_ || c->closed()) {
          c->Close();
          return;
        }
        nlohmann::json appData = nlohmann::json::object();
        if (std::shared_ptr<Peer> producerPeer = room->peer(ownerId)) {
          auto it = producerPeer->producers.find(producerId);
          if (it != producerPeer->producers.end()) appData = it->second.appData;
        }
        std::string consumerId = c->id();
        peer->consumers.emplace(consumerId, c);
        std::weak_ptr<Peer> weakPeer = peer;
        c->OnClose([weakPeer, consumerId, producerId](CloseReason reason) {
          auto p = weakPeer.lock();
          if (!p) return;
          p->consumers.erase(consumerId);
          p->consumedProducerIds.erase(producerId);
          // The peer's own leaving or the room's closing say it all; only a producer that went
          // away is news to the consuming peer.
          if (reason == CloseReason::kProducerClosed && !p->left()) {
            p->Send(events::ConsumerClosed(consumerId));
          }
        });
        c->OnProducerPause([weakPeer, consumerId] {
          if (auto p = weakPeer.lock()) p->Send(events::ConsumerPaused(consumerId));
        });
        c->OnProducerResume([weakPeer, consumerId] {
          if (auto p = weakPeer.lock()) p->Send(events::ConsumerResumed(consumerId));
        });
        peer->Send(events::NewConsumer(ownerId, *c, appData));
      });
}

std::shared_ptr<Peer> Room::ProducerOwner(const std::string& producerId) const {
  for (const auto& [id, peer] : peers_) {
    if (peer->producers.contains(producerId)) return peer;
  }
  return nullptr;
}

void Room::HandleActiveSpeaker(const nlohmann::json& body) {
  if (closed_ || !body.is_object()) return;
  std::shared_ptr<Peer> owner = ProducerOwner(StringField(body, "producerId"));
  if (!owner || activeSpeakerPeerId_ == owner->id()) return;
  activeSpeakerPeerId_ = owner->id();
  Broadcast(events::ActiveSpeaker(activeSpeakerPeerId_));
}

void Room::HandleVolumes(const nlohmann::json& body) {
  if (closed_ || !body.is_object()) return;
  std::vector<events::Level> levels;
  auto volumes = body.find("volumes");
  if (volumes == body.end() || !volumes->is_array()) return;
  for (const auto& entry : *volumes) {
    if (!entry.is_object()) continue;
    std::shared_ptr<Peer> owner = ProducerOwner(StringField(entry, "producerId"));
    auto volume = entry.find("volume");
    if (owner && volume != entry.end() && volume->is_number_integer()) {
      levels.push_back({owner->id(), volume->get<int>()});
    }
  }
  Broadcast(events::AudioLevels(levels));
}

}  // namespace weir::room
