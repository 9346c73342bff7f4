#include "peer.hpp"

#include <utility>

namespace weir::room {

Peer::Peer(std::string id, std::string displayName, Sink sink, Evicted evicted)
    : id_(std::move(id)),
      displayName_(std::move(displayName)),
      sink_(std::move(sink)),
      evicted_(std::move(evicted)) {}

void Peer::Send(const nlohmann::json& message) {
  if (sink_) sink_(message);
}

void Peer::Evict() {
  if (evicted_) {
    // Once: the session forgets this peer, and the peer its session.
    Evicted evicted = std::move(evicted_);
    evicted_ = nullptr;
    sink_ = nullptr;
    evicted();
  }
}

std::shared_ptr<WebRtcTransport> Peer::transport(const std::string& id) const {
  if (sendTransport && sendTransport->id() == id) return sendTransport;
  if (recvTransport && recvTransport->id() == id) return recvTransport;
  return nullptr;
}

std::shared_ptr<Producer> Peer::producer(const std::string& id) const {
  auto it = producers.find(id);
  return it == producers.end() ? nullptr : it->second.producer;
}

std::shared_ptr<Consumer> Peer::consumer(const std::string& id) const {
  auto it = consumers.find(id);
  return it == consumers.end() ? nullptr : it->second;
}

bool Peer::Owns(const std::string& id) const {
  return transport(id) || producers.contains(id) || consumers.contains(id);
}

void Peer::CloseTransports() {
  // Closing a transport closes its producers and consumers here and in the worker; the worker
  // then closes other peers' consumers of those producers (consumer.producerclose).
  if (sendTransport) sendTransport->Close();
  if (recvTransport) recvTransport->Close();
  sendTransport.reset();
  recvTransport.reset();
}

}  // namespace weir::room
