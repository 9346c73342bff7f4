#pragma once

// A Consumer sends one producer's media to one endpoint through its transport. This base class
// holds what every kind shares (identity, parameters, the paused/active state machine, the link
// to its producer); SimpleConsumer (and later simulcast, SVC and pipe consumers) decide which
// packets go out and how they are rewritten.

#include <optional>
#include <string>
#include <vector>

#include "engine/rtp/receive_statistics.hpp"
#include "engine/rtp/send_statistics.hpp"
#include "engine/rtp/send_stream.hpp"
#include "proto/rtcp/nack.hpp"
#include "proto/rtp/rtp_packet.hpp"
#include "sfu/environment.hpp"
#include "sfu/notifier.hpp"
#include "sfu/packet_info.hpp"
#include "sfu/rtp_parameters.hpp"
#include "sfu/trace.hpp"

namespace weir::sfu {

class Consumer;
class Producer;

enum class ConsumerType : uint8_t { kSimple, kSimulcast, kSvc, kPipe };

// The transport a consumer belongs to: where its packets go.
class ConsumerListener {
 public:
  virtual ~ConsumerListener() = default;
  // The packet is rewritten for this consumer; the transport sends it (encrypting a copy when
  // it must) and must not keep it.
  virtual void OnConsumerSendRtp(Consumer& consumer, base::Timestamp now,
                                 proto::rtp::RtpPacket& packet) = 0;
  // A retransmission answering a NACK (an RTX packet, RFC 4588): sent the same way, but
  // accounted as RTX rather than as media (webrtc-stats' retransmittedBytesSent).
  virtual void OnConsumerRetransmitRtp(Consumer& consumer, base::Timestamp now,
                                       proto::rtp::RtpPacket& packet) {
    OnConsumerSendRtp(consumer, now, packet);
  }
};

struct ConsumerLayers {
  uint8_t spatialLayer = 0;
  std::optional<uint8_t> temporalLayer;
};

struct ConsumerOptions {
  std::string id;
  std::string producerId;
  MediaKind kind = MediaKind::kAudio;
  RtpParameters rtpParameters;
  bool paused = false;
  bool producerPaused = false;
  bool ignoreDtx = false;
  std::optional<ConsumerLayers> preferredLayers;
};

struct SenderReportItem {
  uint32_t ssrc = 0;
  engine::SenderReportData report;
  std::string cname;
};

class Consumer {
 public:
  Consumer(ConsumerOptions options, ConsumerType type, Environment& env, ConsumerListener& listener,
           Producer& producer);
  virtual ~Consumer();
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  const std::string& id() const { return options_.id; }
  const std::string& producerId() const { return options_.producerId; }
  MediaKind kind() const { return options_.kind; }
  ConsumerType type() const { return type_; }
  const RtpParameters& rtpParameters() const { return options_.rtpParameters; }
  bool paused() const { return paused_; }
  bool producerPaused() const { return producerPaused_; }
  // Whether media flows: not paused on either side, the producer alive, the transport connected.
  bool active() const {
    return !paused_ && !producerPaused_ && transportConnected_ && producer_ != nullptr;
  }
  Producer* producer() const { return producer_; }

  // --- Data plane ---
  // A packet of the producer (already mapped to the router's SSRC/PT), from encoding `stream`.
  virtual void SendRtpPacket(base::Timestamp now, proto::rtp::RtpPacket& packet,
                             const PacketInfo& info, size_t stream) = 0;
  virtual void ReceiveNack(base::Timestamp now, const proto::rtcp::Nack& nack) = 0;
  virtual void ReceiveKeyFrameRequest(base::Timestamp now, bool fir) = 0;
  virtual void ReceiveReportBlock(base::Timestamp now, const engine::ReportBlockData& block) = 0;
  virtual void CollectSenderReports(base::Timestamp now, std::vector<SenderReportItem>& out) = 0;
  // The SSRCs this consumer sends with (media, then RTX when negotiated).
  virtual std::vector<uint32_t> Ssrcs() const = 0;
  // Its outgoing streams, for stats (one for a simple consumer, one per encoding for a pipe).
  virtual std::vector<engine::SendStream*> SendStreams() = 0;

  // --- Control ---
  void Pause();
  void Resume(base::Timestamp now);
  void SetProducerPaused(bool paused, base::Timestamp now);
  // The producer is gone: the consumer stops and waits to be closed.
  void ProducerClosed();
  void SetTransportConnected(bool connected, base::Timestamp now);
  virtual void RequestKeyFrame(base::Timestamp now) = 0;
  virtual base::Timestamp NextTimeout() const { return base::kNever; }
  virtual void HandleTimeout(base::Timestamp) {}
  TraceTypes& trace() { return trace_; }
  virtual uint8_t score() const = 0;
  std::vector<uint8_t> ProducerScores() const;

 protected:
  // Called when the consumer goes from inactive to active: rewriters re-base, video waits for a
  // keyframe and asks for one.
  virtual void OnActivated(base::Timestamp now) = 0;
  void EmitScore(uint8_t score, uint8_t producerScore);

  ConsumerOptions options_;
  ConsumerType type_;
  Environment& env_;
  ConsumerListener& listener_;
  Producer* producer_;
  TraceTypes trace_;

 private:
  void UpdateActive(bool wasActive, base::Timestamp now);

  bool paused_;
  bool producerPaused_;
  bool transportConnected_ = false;
};

}  // namespace weir::sfu
