#include "sfu/transport.hpp"

#include <openssl/rand.h>

#include <algorithm>

#include "base/logging.hpp"
#include "proto/rtcp/compound_builder.hpp"
#include "proto/rtcp/compound_reader.hpp"
#include "proto/rtcp/fir.hpp"
#include "proto/rtcp/pli.hpp"
#include "proto/rtcp/receiver_report.hpp"
#include "proto/rtcp/sdes.hpp"
#include "proto/rtcp/sender_report.hpp"
#include "proto/rtp/extensions/abs_send_time.hpp"
#include "proto/rtp/extensions/transport_sequence_number.hpp"
#include "sfu/errors.hpp"
#include "sfu/simple_consumer.hpp"

namespace weir::sfu {

namespace {

// RTCP reports go out about once a second (RFC 3550 6.2 allows an SFU a fixed interval; 1 s
// keeps RTT and loss fresh for scores), randomized over [0.5, 1.5] s so transports created
// together do not report in lockstep (6.3.1).
base::Duration RtcpInterval() {
  uint16_t r = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&r), sizeof(r));
  return std::chrono::milliseconds(500 + r % 1000);
}

uint32_t RandomSsrc() {
  uint32_t ssrc = 0;
  while (ssrc == 0)
    RAND_bytes(reinterpret_cast<unsigned char*>(&ssrc), sizeof(ssrc));
  return ssrc;
}

}  // namespace

Transport::Transport(TransportKind kind, std::string id, Environment& env,
                     TransportListener& listener)
    : kind_(kind),
      id_(std::move(id)),
      env_(env),
      listener_(listener),
      timer_(env.network.CreateTimer(this)),
      rtcpSsrc_(RandomSsrc()) {}

Transport::~Transport() = default;

Producer& Transport::Produce(ProducerOptions options) {
  if (closed_) ThrowInvalidState("transport closed");
  if (producers_.contains(options.id)) {
    ThrowInvalidState("a Producer with id '%s' already exists", options.id);
  }
  options.feedbackSsrc = rtcpSsrc_;
  auto producer = std::make_unique<Producer>(std::move(options), env_, *this);
  rtpListener_.AddProducer(*producer);  // Throws on SSRC/MID/RID conflicts.
  // The first producer that negotiates MID/RID ids sets the transport's (BUNDLE shares them).
  const ExtensionIds& ids = producer->extensionIds();
  if (recvExtensionIds_.mid == 0) recvExtensionIds_.mid = ids.mid;
  if (recvExtensionIds_.rid == 0) recvExtensionIds_.rid = ids.rid;
  if (recvExtensionIds_.repairedRid == 0) recvExtensionIds_.repairedRid = ids.repairedRid;
  if (recvExtensionIds_.transportWideCc == 0)
    recvExtensionIds_.transportWideCc = ids.transportWideCc;
  producer->trace().Set(0);
  Producer& ref = *producer;
  producers_[ref.id()] = std::move(producer);
  listener_.OnTransportNewProducer(*this, ref);
  if (nextRtcpAt_ == base::kNever) {
    nextRtcpAt_ = env_.clock.Now() + RtcpInterval();
    ScheduleTimeout(nextRtcpAt_);
  }
  return ref;
}

Consumer& Transport::Consume(ConsumerOptions options, Producer& producer) {
  if (closed_) ThrowInvalidState("transport closed");
  if (consumers_.contains(options.id)) {
    ThrowInvalidState("a Consumer with id '%s' already exists", options.id);
  }
  auto consumer = std::make_unique<SimpleConsumer>(std::move(options), env_, *this, producer);
  for (uint32_t ssrc : consumer->Ssrcs()) {
    if (consumersBySsrc_.contains(ssrc)) ThrowInvalidState("consumer ssrc %u already in use", ssrc);
  }
  for (uint32_t ssrc : consumer->Ssrcs())
    consumersBySsrc_[ssrc] = consumer.get();
  Consumer& ref = *consumer;
  consumers_[ref.id()] = std::move(consumer);
  listener_.OnTransportNewConsumer(*this, ref, producer);
  base::Timestamp now = env_.clock.Now();
  ref.SetTransportConnected(connected_, now);
  if (nextRtcpAt_ == base::kNever) {
    nextRtcpAt_ = now + RtcpInterval();
    ScheduleTimeout(nextRtcpAt_);
  }
  return ref;
}

Producer& Transport::GetProducer(const std::string& producerId) {
  auto it = producers_.find(producerId);
  if (it == producers_.end()) ThrowNotFound("Producer '%s' not found", producerId);
  return *it->second;
}

Consumer& Transport::GetConsumer(const std::string& consumerId) {
  auto it = consumers_.find(consumerId);
  if (it == consumers_.end()) ThrowNotFound("Consumer '%s' not found", consumerId);
  return *it->second;
}

void Transport::CloseProducer(const std::string& producerId) {
  auto it = producers_.find(producerId);
  if (it == producers_.end()) ThrowNotFound("Producer '%s' not found", producerId);
  std::unique_ptr<Producer> producer = std::move(it->second);
  producers_.erase(it);
  rtpListener_.RemoveProducer(*producer);
  // The router closes its consumers (consumer.producerclose) before the producer goes away.
  listener_.OnTransportProducerClosed(*this, *producer);
}

void Transport::CloseConsumer(const std::string& consumerId, bool producerClosed) {
  auto it = consumers_.find(consumerId);
  if (it == consumers_.end()) ThrowNotFound("Consumer '%s' not found", consumerId);
  std::unique_ptr<Consumer> consumer = std::move(it->second);
  consumers_.erase(it);
  for (uint32_t ssrc : consumer->Ssrcs())
    consumersBySsrc_.erase(ssrc);
  if (producerClosed) {
    consumer->ProducerClosed();
    env_.notifier.Emit(consumer->id(), event::ConsumerProducerClose{});
  }
  listener_.OnTransportConsumerClosed(*this, *consumer);
}

void Transport::PauseProducer(const std::string& producerId, bool paused) {
  Producer& producer = GetProducer(producerId);
  if (producer.paused() == paused) return;
  paused ? producer.Pause() : producer.Resume();
  listener_.OnTransportProducerPaused(producer, paused, env_.clock.Now());
}

std::vector<std::string> Transport::ProducerIds() const {
  std::vector<std::string> ids;
  for (const auto& [id, p] : producers_)
    ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::string> Transport::ConsumerIds() const {
  std::vector<std::string> ids;
  for (const auto& [id, c] : consumers_)
    ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

void Transport::Close() {
  if (closed_) return;
  closed_ = true;
  while (!consumers_.empty())
    CloseConsumer(std::string(consumers_.begin()->first));
  while (!producers_.empty())
    CloseProducer(std::string(producers_.begin()->first));
  timer_.reset();
}

void Transport::SetConnected(bool connected, base::Timestamp now) {
  if (connected_ == connected) return;
  connected_ = connected;
  for (auto& [id, consumer] : consumers_)
    consumer->SetTransportConnected(connected, now);
}

// --- Data in ---

void Transport::HandleRtpPacket(base::Timestamp now, proto::rtp::RtpPacket& packet) {
  ++counters_.rtpPacketsReceived;
  counters_.rtpBytesReceived += packet.size();
  counters_.rtpRecvRate.Update(now, packet.size());
  if (recvExtensionIds_.transportWideCc != 0) {
    // Every packet with the transport-wide sequence number is reported back to the sender,
    // whichever producer it is for (the sender's bandwidth estimation needs all of them).
    if (auto value = packet.GetExtension(recvExtensionIds_.transportWideCc)) {
      if (auto wideSeq = proto::rtp::extensions::TransportSequenceNumber::Parse(*value)) {
        tcc_.OnPacket(now, *wideSeq, packet.ssrc());
        ScheduleTimeout(tcc_.NextTimeout());
      }
    }
  }
  Producer* producer = rtpListener_.Find(packet, recvExtensionIds_.mid, recvExtensionIds_.rid,
                                         recvExtensionIds_.repairedRid);
  if (producer == nullptr) {
    ++counters_.unknownSsrcPackets;
    WEIR_DEBUG(kRtp, "transport %s: no producer for ssrc %u, dropped", id_, packet.ssrc());
    return;
  }
  auto before = producer->counters();
  PacketInfo info;
  size_t stream = 0;
  bool forward = producer->ReceiveRtpPacket(now, packet, &info, &stream);
  const auto& after = producer->counters();
  if (after.unknownPayloadType != before.unknownPayloadType) ++counters_.unknownPayloadTypePackets;
  if (after.unknownStream != before.unknownStream) ++counters_.unknownSsrcPackets;
  if (forward) listener_.OnTransportProducerRtpPacket(*producer, now, packet, info, stream);
  ScheduleTimeout(producer->NextTimeout());
}

void Transport::HandleRtcpPacket(base::Timestamp now, base::ByteView data) {
  ++counters_.rtcpPacketsReceived;
  proto::rtcp::CompoundReader reader(data);
  for (const proto::rtcp::Packet& packet : reader) {
    switch (packet.type()) {
      case proto::rtcp::PacketType::kSr: {
        auto sr = proto::rtcp::SenderReport::Parse(packet);
        if (!sr) break;
        if (Producer* producer = rtpListener_.FindBySsrc(sr->sender_ssrc())) {
          auto info = sr->sender_info();
          producer->ReceiveSenderReport(now, sr->sender_ssrc(), info.ntpTimestamp,
                                        info.rtpTimestamp);
        }
        for (size_t i = 0; i < sr->report_count(); ++i) {
          auto block = sr->report_block(i);
          auto it = consumersBySsrc_.find(block.ssrc);
          if (it != consumersBySsrc_.end()) it->second->ReceiveReportBlock(now, block);
        }
        break;
      }
      case proto::rtcp::PacketType::kRr: {
        auto rr = proto::rtcp::ReceiverReport::Parse(packet);
        if (!rr) break;
        for (size_t i = 0; i < rr->report_count(); ++i) {
          auto block = rr->report_block(i);
          auto it = consumersBySsrc_.find(block.ssrc);
          if (it != consumersBySsrc_.end()) it->second->ReceiveReportBlock(now, block);
        }
        break;
      }
      case proto::rtcp::PacketType::kRtpfb:
      case proto::rtcp::PacketType::kPsfb:
        HandleRtcpFeedback(now, packet);
        break;
      default:
        break;  // SDES, BYE, APP, XR: nothing an SFU acts on here.
    }
  }
  if (reader.error()) ++counters_.badRtcpPackets;
}

void Transport::HandleRtcpFeedback(base::Timestamp now, const proto::rtcp::Packet& packet) {
  if (auto nack = proto::rtcp::Nack::Parse(packet)) {
    auto it = consumersBySsrc_.find(nack->media_ssrc());
    if (it != consumersBySsrc_.end()) it->second->ReceiveNack(now, *nack);
    return;
  }
  if (auto pli = proto::rtcp::Pli::Parse(packet)) {
    auto it = consumersBySsrc_.find(pli->media_ssrc());
    if (it != consumersBySsrc_.end()) it->second->ReceiveKeyFrameRequest(now, false);
    return;
  }
  if (auto fir = proto::rtcp::Fir::Parse(packet)) {
    for (size_t i = 0; i < fir->entry_count(); ++i) {
      auto it = consumersBySsrc_.find(fir->entry(i).ssrc);
      if (it != consumersBySsrc_.end()) it->second->ReceiveKeyFrameRequest(now, true);
    }
    return;
  }
  // REMB and transport-wide CC feed bandwidth estimation (not yet acted upon).
}

bool Transport::UnprotectIncoming(engine::SrtpSession* session, base::MutableByteView data,
                                  bool rtcp, size_t* length) {
  if (session == nullptr) {
    ++counters_.srtpAuthFailures;  // No keys yet: nothing can be authenticated.
    return false;
  }
  auto result = rtcp ? session->UnprotectRtcp(data, length) : session->UnprotectRtp(data, length);
  if (result == engine::SrtpResult::kReplay) {
    ++counters_.srtpReplays;
    return false;
  }
  if (result != engine::SrtpResult::kOk) {
    ++counters_.srtpAuthFailures;
    return false;
  }
  return true;
}

// --- Data out ---

void Transport::OnProducerRtcp(Producer&, base::Timestamp now, base::ByteView rtcp) {
  if (!connected_) return;
  ++counters_.rtcpPacketsSent;
  SendRtcpPacket(now, rtcp);
}

void Transport::OnConsumerSendRtp(Consumer&, base::Timestamp now, proto::rtp::RtpPacket& packet) {
  // This transport's own numbering and send time for the receiver's bandwidth estimation
  // (the values the packet came with belong to the producer's transport).
  if (sendExtensionIds_.transportWideCc != 0 &&
      packet.HasExtension(sendExtensionIds_.transportWideCc)) {
    packet.SetExtension(sendExtensionIds_.transportWideCc,
                        proto::rtp::extensions::TransportSequenceNumber::Serialize(nextWideSeq_++));
  }
  if (sendExtensionIds_.absSendTime != 0 && packet.HasExtension(sendExtensionIds_.absSendTime)) {
    packet.SetExtension(sendExtensionIds_.absSendTime,
                        proto::rtp::extensions::AbsSendTime::Serialize(
                            proto::rtp::extensions::AbsSendTime::FromTimestamp(now)));
  }
  ++counters_.rtpPacketsSent;
  counters_.rtpBytesSent += packet.size();
  counters_.rtpSendRate.Update(now, packet.size());
  SendRtpPacket(now, packet);
}

void Transport::OnConsumerRetransmitRtp(Consumer&, base::Timestamp now,
                                        proto::rtp::RtpPacket& packet) {
  // Retransmissions are not media sent: rtpPacketsSent/rtpBytesSent count each packet once.
  counters_.rtxBytesSent += packet.size();
  counters_.rtxSendRate.Update(now, packet.size());
  SendRtpPacket(now, packet);
}

void Transport::SendRtcpReports(base::Timestamp now) {
  if (!connected_) return;
  std::array<uint8_t, 1200> buffer;
  proto::rtcp::CompoundBuilder compound(buffer);
  auto flush = [&] {
    if (compound.empty()) return;
    ++counters_.rtcpPacketsSent;
    SendRtcpPacket(now, compound.data());
    compound.Clear();
  };
  // Sender reports (and SDES CNAME) for what the consumers send.
  std::vector<SenderReportItem> reports;
  for (auto& [id, consumer] : consumers_)
    consumer->CollectSenderReports(now, reports);
  for (const auto& item : reports) {
    proto::rtcp::SenderInfo info{item.report.ntp, item.report.rtpTimestamp, item.report.packetCount,
                                 item.report.octetCount};
    proto::rtcp::SenderReportBuilder sr{item.ssrc, info, {}};
    proto::rtcp::CnameSdesBuilder sdes{item.ssrc, item.cname};
    if (compound.remaining() < sr.Size() + sdes.Size()) flush();
    compound.Add(sr);
    compound.Add(sdes);
  }
  // Receiver reports for what the producers receive, 31 blocks at most per RR.
  std::vector<engine::ReportBlockData> blocks;
  for (auto& [id, producer] : producers_)
    producer->CollectReportBlocks(now, blocks);
  for (size_t i = 0; i < blocks.size(); i += 31) {
    size_t n = std::min<size_t>(31, blocks.size() - i);
    proto::rtcp::ReceiverReportBuilder rr{rtcpSsrc_, std::span(blocks.data() + i, n)};
    if (compound.remaining() < rr.Size()) flush();
    compound.Add(rr);
  }
  flush();
}

// --- Timer ---

void Transport::ScheduleTimeout(base::Timestamp deadline) {
  if (timer_ == nullptr || deadline >= armed_) return;
  armed_ = deadline;
  timer_->Arm(deadline);
}

void Transport::RearmTimer(base::Timestamp now) {
  base::Timestamp next = std::min({nextRtcpAt_, NextKindTimeout(), tcc_.NextTimeout()});
  for (auto& [id, producer] : producers_)
    next = std::min(next, producer->NextTimeout());
  for (auto& [id, consumer] : consumers_)
    next = std::min(next, consumer->NextTimeout());
  armed_ = base::kNever;
  if (next != base::kNever) ScheduleTimeout(std::max(next, now));
}

void Transport::OnTimer(base::Timestamp now) {
  armed_ = base::kNever;
  if (now >= nextRtcpAt_) {
    SendRtcpReports(now);
    nextRtcpAt_ = now + RtcpInterval();
  }
  if (now >= NextKindTimeout()) HandleKindTimeout(now);
  if (now >= tcc_.NextTimeout()) {
    tcc_.Flush(rtcpSsrc_, [&](base::ByteView feedback) {
      if (!connected_) return;
      ++counters_.rtcpPacketsSent;
      SendRtcpPacket(now, feedback);
    });
  }
  for (auto& [id, producer] : producers_) {
    if (now >= producer->NextTimeout()) producer->HandleTimeout(now);
  }
  for (auto& [id, consumer] : consumers_) {
    if (now >= consumer->NextTimeout()) consumer->HandleTimeout(now);
  }
  RearmTimer(now);
}

}  // namespace weir::sfu
