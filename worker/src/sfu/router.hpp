#pragma once

// A Router is a media room inside one worker: it owns transports, and routes what producers send
// to the consumers that asked for it. It knows nothing about users or rooms.

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sfu/environment.hpp"
#include "sfu/plain_transport.hpp"
#include "sfu/registry.hpp"
#include "sfu/rtp_observer_set.hpp"
#include "sfu/rtp_parameters.hpp"
#include "sfu/transport.hpp"
#include "sfu/webrtc_transport.hpp"

namespace weir::sfu {

class Router : public TransportListener {
 public:
  // Computes the router's RTP capabilities from its media codecs; throws TypeError naming the
  // codec when one is unsupported, malformed or duplicated (ortc/router_capabilities.hpp).
  Router(std::string id, const std::vector<RtpCodecCapability>& mediaCodecs, Environment& env,
         Registry& registry);
  ~Router() override;
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  const std::string& id() const { return id_; }
  const RtpCapabilities& rtpCapabilities() const { return rtpCapabilities_; }

  PlainTransport& CreatePlainTransport(const std::string& transportId,
                                       const PlainTransportOptions& options);
  WebRtcTransport& CreateWebRtcTransport(const std::string& transportId,
                                         const WebRtcTransportOptions& options);
  Transport& GetTransport(const std::string& transportId);
  void CloseTransport(const std::string& transportId);
  std::vector<std::string> TransportIds() const;

  // Throws NotFound unless the producer is in this router.
  Producer& GetProducer(const std::string& producerId) const;
  bool CanConsume(const std::string& producerId, const RtpCapabilities& remoteCaps) const;
  // A fresh random SSRC not used by this router's mappings or consumers.
  uint32_t NewSsrc();

  std::vector<std::string> ConsumerIdsOf(Producer& producer) const;
  // producer id -> consumer ids, consumer id -> producer id (router.dump).
  std::vector<std::pair<std::string, std::vector<std::string>>> ProducerConsumerIds() const;

  // AudioLevelObservers and ActiveSpeakerObservers on this router's producers.
  RtpObserverSet& rtpObservers() { return rtpObservers_; }
  const RtpObserverSet& rtpObservers() const { return rtpObservers_; }

  // Closes everything the router owns. Idempotent.
  void Close();
  bool closed() const { return closed_; }

  // --- TransportListener ---
  void OnTransportNewProducer(Transport& transport, Producer& producer) override;
  void OnTransportProducerClosed(Transport& transport, Producer& producer) override;
  void OnTransportProducerPaused(Producer& producer, bool paused, base::Timestamp now) override;
  void OnTransportProducerRtpPacket(Producer& producer, base::Timestamp now,
                                    proto::rtp::RtpPacket& packet, const PacketInfo& info,
                                    size_t stream) override;
  void OnTransportNewConsumer(Transport& transport, Consumer& consumer,
                              Producer& producer) override;
  void OnTransportConsumerClosed(Transport& transport, Consumer& consumer) override;

 private:
  struct ConsumerEntry {
    Consumer* consumer;
    Transport* transport;
  };

  std::string id_;
  RtpCapabilities rtpCapabilities_;
  Environment& env_;
  Registry& registry_;
  absl::flat_hash_map<std::string, std::unique_ptr<Transport>> transports_;
  absl::flat_hash_map<std::string, Producer*> producers_;
  absl::flat_hash_map<Producer*, std::vector<ConsumerEntry>> consumersOf_;
  bool closed_ = false;
  RtpObserverSet rtpObservers_{env_, registry_, *this};
};

}  // namespace weir::sfu
