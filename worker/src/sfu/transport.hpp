#pragma once

// What every transport kind shares: its producers and consumers, routing of incoming RTP to
// producers (RtpListener) and of incoming RTCP to producers and consumers, the periodic RTCP
// reports, one timer for all its deadlines, and counters. Kinds (plain, WebRTC, pipe, direct)
// supply the wire: how packets arrive, whether they are encrypted, where they go.

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/bwe/tcc_feedback_generator.hpp"
#include "engine/srtp/srtp_session.hpp"
#include "sfu/consumer.hpp"
#include "sfu/environment.hpp"
#include "sfu/producer.hpp"
#include "sfu/rtp_listener.hpp"
#include "sfu/trace.hpp"
#include "sfu/transport_counters.hpp"

namespace weir::sfu {

class Transport;

enum class TransportKind : uint8_t { kPlain, kWebRtc, kPipe, kDirect };

// The router a transport belongs to.
class TransportListener {
 public:
  virtual ~TransportListener() = default;
  virtual void OnTransportNewProducer(Transport& transport, Producer& producer) = 0;
  virtual void OnTransportProducerClosed(Transport& transport, Producer& producer) = 0;
  virtual void OnTransportProducerPaused(Producer& producer, bool paused, base::Timestamp now) = 0;
  virtual void OnTransportProducerRtpPacket(Producer& producer, base::Timestamp now,
                                            proto::rtp::RtpPacket& packet, const PacketInfo& info,
                                            size_t stream) = 0;
  virtual void OnTransportNewConsumer(Transport& transport, Consumer& consumer,
                                      Producer& producer) = 0;
  virtual void OnTransportConsumerClosed(Transport& transport, Consumer& consumer) = 0;
};

class Transport : public TimerListener, public ProducerListener, public ConsumerListener {
 public:
  Transport(TransportKind kind, std::string id, Environment& env, TransportListener& listener);
  ~Transport() override;
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  TransportKind kind() const { return kind_; }
  const std::string& id() const { return id_; }
  Environment& env() { return env_; }
  const Environment& env() const { return env_; }

  // --- Control plane (throw sfu::Error) ---
  Producer& Produce(ProducerOptions options);
  Consumer& Consume(ConsumerOptions options, Producer& producer);
  void CloseProducer(const std::string& producerId);
  // Closes a consumer; `producerClosed` emits consumer.producerclose first.
  void CloseConsumer(const std::string& consumerId, bool producerClosed = false);
  Producer& GetProducer(const std::string& producerId);
  Consumer& GetConsumer(const std::string& consumerId);
  void PauseProducer(const std::string& producerId, bool paused);
  std::vector<std::string> ProducerIds() const;
  std::vector<std::string> ConsumerIds() const;
  void EnableTraceEvent(uint32_t mask) { trace_.Set(mask); }
  uint32_t trace_mask() const { return trace_.mask(); }
  // Closes producers and consumers (the router hears of each). Idempotent; derived classes
  // close their sockets after calling it.
  virtual void Close();
  bool closed() const { return closed_; }

  TransportCounters& counters() { return counters_; }
  const RtpListener& rtp_listener() const { return rtpListener_; }
  virtual bool connected() const = 0;

  // --- TimerListener, ProducerListener, ConsumerListener ---
  void OnTimer(base::Timestamp now) override;
  void OnProducerRtcp(Producer& producer, base::Timestamp now, base::ByteView rtcp) override;
  void OnConsumerSendRtp(Consumer& consumer, base::Timestamp now,
                         proto::rtp::RtpPacket& packet) override;
  void OnConsumerRetransmitRtp(Consumer& consumer, base::Timestamp now,
                               proto::rtp::RtpPacket& packet) override;

 protected:
  // SRTP/SRTCP in place on received bytes; failures and replays are counted (false: drop it).
  bool UnprotectIncoming(engine::SrtpSession* session, base::MutableByteView data, bool rtcp,
                         size_t* length);
  // Input from the wire, already decrypted.
  void HandleRtpPacket(base::Timestamp now, proto::rtp::RtpPacket& packet);
  void HandleRtcpPacket(base::Timestamp now, base::ByteView data);
  // Output to the wire; the kind encrypts if it must.
  virtual void SendRtpPacket(base::Timestamp now, proto::rtp::RtpPacket& packet) = 0;
  virtual void SendRtcpPacket(base::Timestamp now, base::ByteView data) = 0;
  // A kind reports when media can flow (PlainTransport: remote known; WebRTC: DTLS connected).
  void SetConnected(bool connected, base::Timestamp now);
  // A kind's own deadlines (ICE consent, DTLS retransmission), merged into the one timer.
  virtual base::Timestamp NextKindTimeout() const { return base::kNever; }
  virtual void HandleKindTimeout(base::Timestamp) {}
  // Re-arms the timer if `deadline` is earlier than what it waits for.
  void ScheduleTimeout(base::Timestamp deadline);

 private:
  void SendRtcpReports(base::Timestamp now);
  void HandleRtcpFeedback(base::Timestamp now, const proto::rtcp::Packet& packet);
  void RearmTimer(base::Timestamp now);

  TransportKind kind_;
  std::string id_;
  Environment& env_;
  TransportListener& listener_;
  RtpListener rtpListener_;
  absl::flat_hash_map<std::string, std::unique_ptr<Producer>> producers_;
  absl::flat_hash_map<std::string, std::unique_ptr<Consumer>> consumers_;
  absl::flat_hash_map<uint32_t, Consumer*> consumersBySsrc_;
  ExtensionIds recvExtensionIds_;  // From the producers: MID/RID lookups, transport-cc.
  ExtensionIds sendExtensionIds_;  // From the consumers: what is rewritten per send.
  engine::TccFeedbackGenerator tcc_;
  uint16_t nextWideSeq_ = 0;
  std::unique_ptr<Timer> timer_;
  base::Timestamp armed_ = base::kNever;
  base::Timestamp nextRtcpAt_ = base::kNever;
  uint32_t rtcpSsrc_;
  TraceTypes trace_;
  TransportCounters counters_;
  bool connected_ = false;
  bool closed_ = false;
};

}  // namespace weir::sfu
