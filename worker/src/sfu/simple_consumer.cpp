#include "sfu/simple_consumer.hpp"

#include <algorithm>

#include "proto/rtp/rtx.hpp"
#include "sfu/ortc/mime_type.hpp"
#include "sfu/producer.hpp"

namespace weir::sfu {

namespace {

constexpr size_t kScratchSize = 1500 + 64;

engine::SendStreamConfig MakeStreamConfig(const RtpParameters& params) {
  engine::SendStreamConfig config;
  if (!params.encodings.empty()) {
    config.ssrc = params.encodings[0].ssrc.value_or(0);
    if (params.encodings[0].rtx) config.rtxSsrc = params.encodings[0].rtx->ssrc;
  }
  for (const auto& codec : params.codecs) {
    if (ortc::IsRtxMimeType(codec.mimeType)) {
      config.rtxPayloadType = codec.payloadType;
      continue;
    }
    if (config.clockRate == 90000 || config.clockRate == 0) config.clockRate = codec.clockRate;
    for (const auto& fb : codec.rtcpFeedback) {
      if (fb.type == "nack" && fb.parameter.empty()) config.useNack = true;
    }
  }
  return config;
}

}  // namespace

SimpleConsumer::SimpleConsumer(ConsumerOptions options, Environment& env,
                               ConsumerListener& listener, Producer& producer)
    : Consumer(std::move(options), ConsumerType::kSimple, env, listener, producer),
      stream_(MakeStreamConfig(options_.rtpParameters)),
      tsRewriter_(stream_.config().clockRate),
      waitingForKeyFrame_(options_.kind == MediaKind::kVideo) {
  for (const auto& codec : options_.rtpParameters.codecs) {
    if (!ortc::IsRtxMimeType(codec.mimeType)) {
      allowedPayloadType_[codec.payloadType & 0x7f] = true;
      continue;
    }
    auto apt = codec.parameters.find("apt");
    if (apt == codec.parameters.end()) continue;
    if (auto* v = std::get_if<int64_t>(&apt->second); v && *v >= 0 && *v < 128) {
      rtxPayloadType_[static_cast<size_t>(*v)] = codec.payloadType;
    }
  }
}

SimpleConsumer::~SimpleConsumer() = default;

void SimpleConsumer::OnActivated(base::Timestamp now) {
  syncRequired_ = true;
  if (options_.kind == MediaKind::kVideo) {
    waitingForKeyFrame_ = true;
    RequestKeyFrame(now);
  }
}

void SimpleConsumer::RequestKeyFrame(base::Timestamp now) {
  if (options_.kind != MediaKind::kVideo || producer_ == nullptr) return;
  producer_->RequestKeyFrame(now, producer_->MappedSsrc(0));
}

void SimpleConsumer::SendRtpPacket(base::Timestamp now, proto::rtp::RtpPacket& packet,
                                   const PacketInfo& info, size_t stream) {
  if (stream != 0) return;  // One stream: the first encoding (what keyframes are asked of).
  // A restarted source jumps in sequence and timestamp: continue at last + 1 instead (even if
  // this packet is not forwarded, the next one is of the new numbering).
  if (info.sourceRestarted) syncRequired_ = true;
  if (!active() || !allowedPayloadType_[packet.payload_type()]) {
    ++stream_.counters().packetsDiscarded;
    return;
  }
  if (waitingForKeyFrame_) {
    if (!info.isKeyFrame) {
      ++stream_.counters().packetsDiscarded;
      // The request made on activation finds no stream when the producer had not received
      // anything yet: ask (again). The producer lets one request out until a keyframe comes.
      RequestKeyFrame(now);
      return;
    }
    waitingForKeyFrame_ = false;
  }
  if (syncRequired_) {
    // After a pause or a source restart the input may jump: continue the output at last + 1.
    seqRewriter_.SwitchSource();
    tsRewriter_.SwitchSource();
    syncRequired_ = false;
  }
  auto seq = seqRewriter_.Rewrite(packet.sequence_number());
  if (!seq) {
    ++stream_.counters().packetsDiscarded;
    return;
  }
  uint32_t timestamp = tsRewriter_.Rewrite(packet.timestamp(), now);

  const uint32_t origSsrc = packet.ssrc();
  const uint16_t origSeq = packet.sequence_number();
  const uint32_t origTimestamp = packet.timestamp();
  packet.SetSsrc(stream_.ssrc());
  packet.SetSequenceNumber(*seq);
  packet.SetTimestamp(timestamp);
  stream_.OnPacketSent(now, *seq, {static_cast<uint8_t>(stream), origSeq, timestamp}, packet.size(),
                       packet.payload_size());
  if (trace_.Has(TraceType::kRtp)) {
    event::Trace t{TraceSource::kConsumer, TraceType::kRtp, now, TraceDirection::kOut, {}};
    t.info.ssrc = packet.ssrc();
    t.info.sequenceNumber = *seq;
    t.info.rtpTimestamp = timestamp;
    t.info.payloadType = packet.payload_type();
    t.info.isKeyFrame = info.isKeyFrame;
    t.info.size = static_cast<uint32_t>(packet.size());
    env_.notifier.Emit(id(), t);
  }
  listener_.OnConsumerSendRtp(*this, now, packet);
  // Restore what the next consumer of this packet expects.
  packet.SetSsrc(origSsrc);
  packet.SetSequenceNumber(origSeq);
  packet.SetTimestamp(origTimestamp);
}

void SimpleConsumer::ReceiveNack(base::Timestamp now, const proto::rtcp::Nack& nack) {
  if (!stream_.config().useNack) return;
  ++stream_.counters().nackCount;
  stream_.counters().nackPacketCount += nack.lost_count();
  if (trace_.Has(TraceType::kNack)) {
    event::Trace t{TraceSource::kConsumer, TraceType::kNack, now, TraceDirection::kIn, {}};
    t.info.ssrc = stream_.ssrc();
    env_.notifier.Emit(id(), t);
  }
  if (!active()) return;
  nack.ForEachLost([&](uint16_t seq) { Retransmit(now, seq); });
}

void SimpleConsumer::Retransmit(base::Timestamp now, uint16_t seq) {
  auto ref = stream_.Lookup(seq);
  auto stored = ref ? producer_->GetStoredPacket(now, ref->source, ref->sourceSeq) : std::nullopt;
  if (!stored) {
    ++stream_.counters().retransmissionsMissed;
    return;
  }
  if (!scratch_) scratch_ = std::make_unique<uint8_t[]>(kScratchSize);
  std::copy(stored->data.begin(), stored->data.end(), scratch_.get());
  auto packet = proto::rtp::RtpPacket::Parse(base::MutableByteView(scratch_.get(), kScratchSize),
                                             stored->data.size());
  if (!packet) return;
  const uint8_t mediaPt = packet->payload_type();
  packet->SetSsrc(stream_.ssrc());
  packet->SetSequenceNumber(seq);
  packet->SetTimestamp(ref->timestamp);
  // RFC 4588: with RTX the repair goes on its own stream; without, the packet is resent as is.
  if (stream_.config().rtxSsrc && rtxPayloadType_[mediaPt] != 0) {
    if (!proto::rtp::RtxEncapsulate(*packet, rtxPayloadType_[mediaPt], *stream_.config().rtxSsrc,
                                    stream_.NextRtxSequenceNumber())) {
      return;
    }
  }
  stream_.OnRetransmissionSent(now, packet->size());
  listener_.OnConsumerRetransmitRtp(*this, now, *packet);
}

void SimpleConsumer::ReceiveKeyFrameRequest(base::Timestamp now, bool fir) {
  ++(fir ? stream_.counters().firCount : stream_.counters().pliCount);
  if (trace_.Has(fir ? TraceType::kFir : TraceType::kPli)) {
    event::Trace t{TraceSource::kConsumer,
                   fir ? TraceType::kFir : TraceType::kPli,
                   now,
                   TraceDirection::kIn,
                   {}};
    t.info.ssrc = stream_.ssrc();
    env_.notifier.Emit(id(), t);
  }
  if (active()) RequestKeyFrame(now);
}

void SimpleConsumer::ReceiveReportBlock(base::Timestamp now, const engine::ReportBlockData& block) {
  if (stream_.statistics().HandleReportBlock(now, block)) {
    auto scores = ProducerScores();
    EmitScore(score(), scores.empty() ? 0 : scores[0]);
  }
}

void SimpleConsumer::CollectSenderReports(base::Timestamp now, std::vector<SenderReportItem>& out) {
  if (auto report = stream_.statistics().MakeSenderReport(now)) {
    out.push_back({stream_.ssrc(), *report, options_.rtpParameters.rtcp.cname});
  }
}

std::vector<uint32_t> SimpleConsumer::Ssrcs() const {
  std::vector<uint32_t> ssrcs{stream_.ssrc()};
  if (stream_.config().rtxSsrc) ssrcs.push_back(*stream_.config().rtxSsrc);
  return ssrcs;
}

}  // namespace weir::sfu
