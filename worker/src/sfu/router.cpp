#include "sfu/router.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <utility>

#include "base/logging.hpp"
#include "sfu/errors.hpp"
#include "sfu/ortc/consumer_parameters.hpp"
#include "sfu/ortc/router_capabilities.hpp"

namespace weir::sfu {

Router::Router(std::string id, const std::vector<RtpCodecCapability>& mediaCodecs, Environment& env,
               Registry& registry)
    : id_(std::move(id)),
      rtpCapabilities_(ortc::GenerateRouterRtpCapabilities(mediaCodecs)),
      env_(env),
      registry_(registry) {
  WEIR_DEBUG(kInfo, "router %s created", id_);
}

Router::~Router() {
  Close();
}

void Router::Close() {
  if (closed_) return;
  closed_ = true;
  rtpObservers_.CloseAll();
  // A copy of the id: CloseTransport erases the map entry that holds the key.
  while (!transports_.empty())
    CloseTransport(std::string(transports_.begin()->first));
  WEIR_DEBUG(kInfo, "router %s closed", id_);
}

PlainTransport& Router::CreatePlainTransport(const std::string& transportId,
                                             const PlainTransportOptions& options) {
  if (closed_) ThrowInvalidState("router closed");
  if (transportId.empty()) ThrowTypeError("missing transportId");
  if (registry_.transports.Contains(transportId)) {
    ThrowInvalidState("a Transport with id '%s' already exists", transportId);
  }
  auto transport = std::make_unique<PlainTransport>(transportId, options, env_, *this);
  PlainTransport& ref = *transport;
  registry_.transports.Add(transportId, &ref, "transport");
  registry_.transportRouters.Add(transportId, this, "transport");
  transports_[transportId] = std::move(transport);
  return ref;
}

WebRtcTransport& Router::CreateWebRtcTransport(const std::string& transportId,
                                               const WebRtcTransportOptions& options) {
  if (closed_) ThrowInvalidState("router closed");
  if (transportId.empty()) ThrowTypeError("missing transportId");
  if (registry_.transports.Contains(transportId)) {
    ThrowInvalidState("a Transport with id '%s' already exists", transportId);
  }
  auto transport = std::make_unique<WebRtcTransport>(transportId, options, env_, *this);
  WebRtcTransport& ref = *transport;
  registry_.transports.Add(transportId, &ref, "transport");
  registry_.transportRouters.Add(transportId, this, "transport");
  transports_[transportId] = std::move(transport);
  return ref;
}

Transport& Router::GetTransport(const std::string& transportId) {
  auto it = transports_.find(transportId);
  if (it == transports_.end()) ThrowNotFound("Transport '%s' not found", transportId);
  return *it->second;
}

void Router::CloseTransport(const std::string& transportId) {
  auto it = transports_.find(transportId);
  if (it == transports_.end()) ThrowNotFound("Transport '%s' not found", transportId);
  std::unique_ptr<Transport> transport = std::move(it->second);
  transports_.erase(it);
  transport->Close();
  registry_.transports.Remove(transportId);
  registry_.transportRouters.Remove(transportId);
}

std::vector<std::string> Router::TransportIds() const {
  std::vector<std::string> ids;
  for (const auto& [id, t] : transports_)
    ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

Producer& Router::GetProducer(const std::string& producerId) const {
  auto it = producers_.find(producerId);
  if (it == producers_.end()) ThrowNotFound("Producer '%s' not found", producerId);
  return *it->second;
}

bool Router::CanConsume(const std::string& producerId, const RtpCapabilities& remoteCaps) const {
  auto it = producers_.find(producerId);
  if (it == producers_.end()) return false;
  return ortc::CanConsume(it->second->consumableRtpParameters(), remoteCaps);
}

uint32_t Router::NewSsrc() {
  uint32_t ssrc = 0;
  // 0 is avoided by convention; a collision with an existing consumer is checked by the
  // transport (and has a 2^-32 chance per consumer anyway).
  while (ssrc == 0)
    RAND_bytes(reinterpret_cast<unsigned char*>(&ssrc), sizeof(ssrc));
  return ssrc;
}

std::vector<std::string> Router::ConsumerIdsOf(Producer& producer) const {
  std::vector<std::string> ids;
  auto it = consumersOf_.find(&producer);
  if (it == consumersOf_.end()) return ids;
  for (const auto& e : it->second)
    ids.push_back(e.consumer->id());
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::pair<std::string, std::vector<std::string>>> Router::ProducerConsumerIds() const {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& [producer, entries] : consumersOf_) {
    std::vector<std::string> ids;
    for (const auto& e : entries)
      ids.push_back(e.consumer->id());
    std::sort(ids.begin(), ids.end());
    out.emplace_back(producer->id(), std::move(ids));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// --- TransportListener ---

void Router::OnTransportNewProducer(Transport& transport, Producer& producer) {
  registry_.producers.Add(producer.id(), &producer, "producer");
  registry_.producerTransports.Add(producer.id(), &transport, "producer");
  producers_[producer.id()] = &producer;
  consumersOf_[&producer];
}

void Router::OnTransportProducerClosed(Transport&, Producer& producer) {
  rtpObservers_.OnProducerClosed(producer);
  auto it = consumersOf_.find(&producer);
  if (it != consumersOf_.end()) {
    // Closing a consumer calls back OnTransportConsumerClosed, which edits the list: copy it.
    std::vector<ConsumerEntry> entries = it->second;
    for (const auto& e : entries)
      e.transport->CloseConsumer(e.consumer->id(), true);
    consumersOf_.erase(&producer);
  }
  producers_.erase(producer.id());
  registry_.producers.Remove(producer.id());
  registry_.producerTransports.Remove(producer.id());
}

void Router::OnTransportProducerPaused(Producer& producer, bool paused, base::Timestamp now) {
  auto it = consumersOf_.find(&producer);
  if (it == consumersOf_.end()) return;
  for (const auto& e : it->second)
    e.consumer->SetProducerPaused(paused, now);
}

void Router::OnTransportProducerRtpPacket(Producer& producer, base::Timestamp now,
                                          proto::rtp::RtpPacket& packet, const PacketInfo& info,
                                          size_t stream) {
  // Before the consumers, which may rewrite the packet's header in place.
  rtpObservers_.OnRtpPacket(producer, packet);
  auto it = consumersOf_.find(&producer);
  if (it == consumersOf_.end()) return;
  for (const auto& e : it->second)
    e.consumer->SendRtpPacket(now, packet, info, stream);
}

void Router::OnTransportNewConsumer(Transport& transport, Consumer& consumer, Producer& producer) {
  registry_.consumers.Add(consumer.id(), &consumer, "consumer");
  registry_.consumerTransports.Add(consumer.id(), &transport, "consumer");
  consumersOf_[&producer].push_back({&consumer, &transport});
}

void Router::OnTransportConsumerClosed(Transport&, Consumer& consumer) {
  registry_.consumers.Remove(consumer.id());
  registry_.consumerTransports.Remove(consumer.id());
  for (auto& [producer, entries] : consumersOf_) {
    std::erase_if(entries, [&](const ConsumerEntry& e) { return e.consumer == &consumer; });
  }
}

}  // namespace weir::sfu
