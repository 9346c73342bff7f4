// Producer and consumer dumps and stats.

#include "channel/convert/dumps.hpp"
#include "channel/convert/rtp_capabilities.hpp"
#include "channel/convert/rtp_parameters.hpp"
#include "channel/convert/transport.hpp"

namespace weir::channel {

namespace {

using Builder = flatbuffers::FlatBufferBuilder;

uint64_t Millis(base::Timestamp t) {
  return static_cast<uint64_t>(base::ToMillis(t));
}

flatbuffers::Offset<fbs::RtpRecvStreamStats> RecvStats(Builder& b, sfu::Producer& producer,
                                                       size_t i, base::Timestamp now) {
  const engine::ReceiveStream* stream = producer.Stream(i);
  auto type = b.CreateString("inbound-rtp");
  auto rid = producer.Rid(i) ? b.CreateString(*producer.Rid(i)) : 0;
  auto mime = b.CreateString(producer.MimeTypeOf(i));
  const auto& stats = stream->statistics();
  const auto& c = stream->counters();
  fbs::RtpRecvStreamStatsBuilder s(b);
  s.add_type(type);
  s.add_timestamp(Millis(now));
  s.add_ssrc(stream->ssrc());
  if (producer.RtxSsrc(i)) s.add_rtxSsrc(*producer.RtxSsrc(i));
  if (!rid.IsNull()) s.add_rid(rid);
  s.add_kind(ToFbs(producer.kind()));
  s.add_mimeType(mime);
  s.add_packetCount(stats.packets_received());
  s.add_byteCount(c.bytes);
  s.add_bitrate(const_cast<engine::ReceiveStream*>(stream)->Bitrate(now));
  s.add_packetsLost(stats.packets_lost());
  s.add_fractionLost(stats.last_fraction_lost());
  s.add_jitter(stats.jitter());
  s.add_packetsDiscarded(c.packetsDiscarded);
  s.add_packetsRetransmitted(c.packetsRetransmitted);
  s.add_packetsRepaired(c.packetsRepaired);
  s.add_packetsDuplicated(c.packetsDuplicated);
  s.add_nackCount(c.nackCount);
  s.add_nackPacketCount(c.nackPacketCount);
  s.add_pliCount(c.pliCount);
  s.add_firCount(c.firCount);
  if (stream->rtt()) {
    s.add_roundTripTime(
        static_cast<float>(std::chrono::duration<double, std::milli>(*stream->rtt()).count()));
  }
  s.add_score(stream->score());
  return s.Finish();
}

std::vector<flatbuffers::Offset<fbs::RtpRecvStreamStats>> AllRecvStats(Builder& b,
                                                                       sfu::Producer& producer,
                                                                       base::Timestamp now) {
  std::vector<flatbuffers::Offset<fbs::RtpRecvStreamStats>> out;
  for (size_t i = 0; i < producer.stream_count(); ++i) {
    if (producer.Stream(i) != nullptr) out.push_back(RecvStats(b, producer, i, now));
  }
  return out;
}

}  // namespace

fbs::ProducerType ToFbs(sfu::ProducerType type) {
  return static_cast<fbs::ProducerType>(type);
}
fbs::ConsumerType ToFbs(sfu::ConsumerType type) {
  return static_cast<fbs::ConsumerType>(type);
}

flatbuffers::Offset<fbs::ProducerDump> DumpProducer(Builder& b, sfu::Producer& producer,
                                                    const std::vector<std::string>& consumerIds) {
  auto id = b.CreateString(producer.id());
  auto params = ToFbs(b, producer.rtpParameters());
  auto consumable = ToFbs(b, producer.consumableRtpParameters());
  auto trace = TraceMaskToFbs(b, producer.trace().mask());
  auto consumers = b.CreateVectorOfStrings(consumerIds);
  fbs::ProducerDumpBuilder dump(b);
  dump.add_id(id);
  dump.add_kind(ToFbs(producer.kind()));
  dump.add_type(ToFbs(producer.type()));
  dump.add_rtpParameters(params);
  dump.add_consumableRtpParameters(consumable);
  dump.add_paused(producer.paused());
  dump.add_traceEventTypes(trace);
  dump.add_consumerIds(consumers);
  return dump.Finish();
}

flatbuffers::Offset<fbs::ProducerStats> ProducerStatsToFbs(Builder& b, sfu::Producer& producer,
                                                           base::Timestamp now) {
  auto stats = AllRecvStats(b, producer, now);
  return fbs::CreateProducerStatsDirect(b, &stats);
}

flatbuffers::Offset<fbs::ConsumerScore> ConsumerScoreToFbs(Builder& b, sfu::Consumer& consumer) {
  auto producerScores = consumer.ProducerScores();
  uint8_t producerScore = producerScores.empty() ? 0 : producerScores[0];
  return fbs::CreateConsumerScoreDirect(b, consumer.score(), producerScore, &producerScores);
}

flatbuffers::Offset<fbs::ConsumerDump> DumpConsumer(Builder& b, sfu::Consumer& consumer) {
  auto id = b.CreateString(consumer.id());
  auto producerId = b.CreateString(consumer.producerId());
  auto params = ToFbs(b, consumer.rtpParameters());
  auto trace = TraceMaskToFbs(b, consumer.trace().mask());
  auto score = ConsumerScoreToFbs(b, consumer);
  fbs::ConsumerDumpBuilder dump(b);
  dump.add_id(id);
  dump.add_producerId(producerId);
  dump.add_kind(ToFbs(consumer.kind()));
  dump.add_type(ToFbs(consumer.type()));
  dump.add_rtpParameters(params);
  dump.add_paused(consumer.paused());
  dump.add_producerPaused(consumer.producerPaused());
  dump.add_priority(1);
  dump.add_traceEventTypes(trace);
  dump.add_score(score);
  return dump.Finish();
}

flatbuffers::Offset<fbs::ConsumerStats> ConsumerStatsToFbs(Builder& b, sfu::Consumer& consumer,
                                                           base::Timestamp now) {
  std::vector<flatbuffers::Offset<fbs::RtpSendStreamStats>> sent;
  for (engine::SendStream* streamPtr : consumer.SendStreams()) {
    engine::SendStream& stream = *streamPtr;
    auto& st = stream.statistics();
    const auto& c = stream.counters();
    auto type = b.CreateString("outbound-rtp");
    std::string mimeType =
        consumer.rtpParameters().codecs.empty() ? "" : consumer.rtpParameters().codecs[0].mimeType;
    auto mime = b.CreateString(mimeType);
    fbs::RtpSendStreamStatsBuilder s(b);
    s.add_type(type);
    s.add_timestamp(Millis(now));
    s.add_ssrc(stream.ssrc());
    if (stream.config().rtxSsrc) s.add_rtxSsrc(*stream.config().rtxSsrc);
    s.add_kind(ToFbs(consumer.kind()));
    s.add_mimeType(mime);
    s.add_packetCount(st.packets_sent());
    s.add_byteCount(st.bytes_sent());
    s.add_bitrate(st.Bitrate(now));
    s.add_packetsLost(st.packets_lost());
    s.add_fractionLost(st.fraction_lost());
    s.add_packetsDiscarded(c.packetsDiscarded);
    s.add_packetsRetransmitted(st.packets_retransmitted());
    s.add_nackCount(c.nackCount);
    s.add_nackPacketCount(c.nackPacketCount);
    s.add_pliCount(c.pliCount);
    s.add_firCount(c.firCount);
    if (st.rtt_ms()) s.add_roundTripTime(static_cast<float>(*st.rtt_ms()));
    s.add_score(st.score());
    sent.push_back(s.Finish());
  }
  std::vector<flatbuffers::Offset<fbs::RtpRecvStreamStats>> received;
  if (consumer.producer() != nullptr) received = AllRecvStats(b, *consumer.producer(), now);
  return fbs::CreateConsumerStatsDirect(b, &sent, &received);
}

}  // namespace weir::channel
