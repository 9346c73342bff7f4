// Transport dumps and stats.

#include "channel/convert/dumps.hpp"
#include "channel/convert/transport.hpp"
#include "channel/convert/webrtc.hpp"
#include "sfu/plain_transport.hpp"

namespace weir::channel {

namespace {

using Builder = flatbuffers::FlatBufferBuilder;

template <typename Map, typename KeyToString>
flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fbs::StringPair>>> PairsOf(
    Builder& b, const Map& map, KeyToString key) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& [k, producer] : map)
    pairs.emplace_back(key(k), producer->id());
  std::sort(pairs.begin(), pairs.end());
  std::vector<flatbuffers::Offset<fbs::StringPair>> out;
  for (const auto& [k, v] : pairs)
    out.push_back(fbs::CreateStringPairDirect(b, k.c_str(), v.c_str()));
  return b.CreateVector(out);
}

fbs::TransportKind KindToFbs(sfu::TransportKind kind) {
  switch (kind) {
    case sfu::TransportKind::kPlain:
      return fbs::TransportKind::plain;
    case sfu::TransportKind::kWebRtc:
      return fbs::TransportKind::webRtc;
    case sfu::TransportKind::kPipe:
      return fbs::TransportKind::pipe;
    case sfu::TransportKind::kDirect:
      return fbs::TransportKind::direct;
  }
  return fbs::TransportKind::plain;
}

flatbuffers::Offset<fbs::PlainTransportData> PlainData(Builder& b, sfu::PlainTransport& t) {
  auto tuple = ToFbs(b, t.tuple());
  auto rtcpTuple = t.rtcpTuple() ? ToFbs(b, *t.rtcpTuple()) : 0;
  auto srtp = t.srtpParameters() ? ToFbs(b, *t.srtpParameters()) : 0;
  return fbs::CreatePlainTransportData(b, tuple, rtcpTuple, t.rtcpMux(), t.comedia(), srtp);
}

flatbuffers::Offset<fbs::PlainTransportData> KindData(Builder& b, sfu::Transport& t) {
  if (t.kind() == sfu::TransportKind::kPlain)
    return PlainData(b, static_cast<sfu::PlainTransport&>(t));
  return 0;
}

flatbuffers::Offset<fbs::WebRtcTransportData> WebRtcData(Builder& b, sfu::Transport& t) {
  if (t.kind() == sfu::TransportKind::kWebRtc) {
    return WebRtcDataToFbs(b, static_cast<sfu::WebRtcTransport&>(t));
  }
  return 0;
}

}  // namespace

flatbuffers::Offset<fbs::TransportDump> DumpTransport(Builder& b, sfu::Transport& transport) {
  const sfu::RtpListener& listener = transport.rtp_listener();
  auto id = b.CreateString(transport.id());
  auto producerIds = b.CreateVectorOfStrings(transport.ProducerIds());
  auto consumerIds = b.CreateVectorOfStrings(transport.ConsumerIds());
  auto ssrcs = PairsOf(b, listener.ssrc_table(), [](uint32_t s) { return std::to_string(s); });
  auto mids = PairsOf(b, listener.mid_table(), [](const std::string& s) { return s; });
  auto rids = PairsOf(b, listener.rid_table(), [](const std::string& s) { return s; });
  std::vector<flatbuffers::Offset<fbs::StringPair>> consumerSsrcs;
  for (const auto& consumerId : transport.ConsumerIds()) {
    for (uint32_t ssrc : transport.GetConsumer(consumerId).Ssrcs()) {
      consumerSsrcs.push_back(
          fbs::CreateStringPairDirect(b, std::to_string(ssrc).c_str(), consumerId.c_str()));
    }
  }
  auto consumerSsrcVector = b.CreateVector(consumerSsrcs);
  auto trace = TraceMaskToFbs(b, transport.trace_mask());
  auto plain = KindData(b, transport);
  auto webRtc = WebRtcData(b, transport);
  fbs::TransportDumpBuilder dump(b);
  dump.add_id(id);
  dump.add_kind(KindToFbs(transport.kind()));
  dump.add_producerIds(producerIds);
  dump.add_consumerIds(consumerIds);
  dump.add_mapSsrcProducerId(ssrcs);
  dump.add_mapMidProducerId(mids);
  dump.add_mapRidProducerId(rids);
  dump.add_mapSsrcConsumerId(consumerSsrcVector);
  dump.add_traceEventTypes(trace);
  if (!plain.IsNull()) dump.add_plain(plain);
  if (!webRtc.IsNull()) dump.add_webRtc(webRtc);
  return dump.Finish();
}

flatbuffers::Offset<fbs::TransportStats> TransportStatsToFbs(Builder& b, sfu::Transport& transport,
                                                             base::Timestamp now) {
  sfu::TransportCounters& c = transport.counters();
  auto id = b.CreateString(transport.id());
  auto plain = KindData(b, transport);
  auto webRtc = WebRtcData(b, transport);
  fbs::TransportStatsBuilder s(b);
  s.add_transportId(id);
  s.add_timestamp(static_cast<uint64_t>(base::ToMillis(now)));
  s.add_bytesReceived(c.bytesReceived);
  s.add_recvBitrate(c.recvRate.GetRate(now));
  s.add_bytesSent(c.bytesSent);
  s.add_sendBitrate(c.sendRate.GetRate(now));
  s.add_rtpBytesReceived(c.rtpBytesReceived);
  s.add_rtpRecvBitrate(c.rtpRecvRate.GetRate(now));
  s.add_rtpBytesSent(c.rtpBytesSent);
  s.add_rtpSendBitrate(c.rtpSendRate.GetRate(now));
  s.add_rtxBytesReceived(c.rtxBytesReceived);
  s.add_rtxRecvBitrate(c.rtxRecvRate.GetRate(now));
  s.add_rtxBytesSent(c.rtxBytesSent);
  s.add_rtxSendBitrate(c.rtxSendRate.GetRate(now));
  s.add_rtpPacketsReceived(c.rtpPacketsReceived);
  s.add_rtcpPacketsReceived(c.rtcpPacketsReceived);
  s.add_rtpPacketsSent(c.rtpPacketsSent);
  s.add_rtcpPacketsSent(c.rtcpPacketsSent);
  s.add_unknownSsrcPackets(c.unknownSsrcPackets);
  s.add_unknownPayloadTypePackets(c.unknownPayloadTypePackets);
  s.add_badRtpPackets(c.badRtpPackets);
  s.add_badRtcpPackets(c.badRtcpPackets);
  s.add_foreignTuplePackets(c.foreignTuplePackets);
  s.add_unknownPackets(c.unknownPackets);
  s.add_srtpAuthFailures(c.srtpAuthFailures);
  s.add_srtpReplays(c.srtpReplays);
  s.add_sendErrors(c.sendErrors);
  s.add_kind(KindToFbs(transport.kind()));
  if (!plain.IsNull()) s.add_plain(plain);
  if (!webRtc.IsNull()) s.add_webRtc(webRtc);
  return s.Finish();
}

}  // namespace weir::channel
