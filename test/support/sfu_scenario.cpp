#include "support/sfu_scenario.hpp"

#include <array>
#include <stdexcept>

#include "deps/deps.hpp"
#include "proto/demux.hpp"
#include "proto/rtcp/compound_builder.hpp"
#include "proto/rtcp/compound_reader.hpp"
#include "proto/rtcp/fir.hpp"
#include "proto/rtcp/nack.hpp"
#include "proto/rtcp/pli.hpp"
#include "proto/rtcp/receiver_report.hpp"
#include "proto/rtcp/sdes.hpp"
#include "proto/rtp/extensions/extension_uris.hpp"
#include "proto/rtp/rtp_packet.hpp"
#include "proto/rtp/rtp_packet_builder.hpp"
#include "sfu/ortc/consumer_parameters.hpp"
#include "sfu/ortc/producer_mapping.hpp"
#include "sfu/ortc/rtp_capabilities_validation.hpp"
#include "sfu/ortc/rtp_parameters_validation.hpp"

namespace weir::test {

namespace rtcp = proto::rtcp;

// --- Payloads ---

namespace {

// RFC 6386 9.1: the frame tag (3 bytes, little endian): P (bit 0, 0 = keyframe), version (bits
// 1-3), show_frame (bit 4), first_part_size (bits 5-23); a keyframe continues with the start
// code 9d 01 2a and two 16-bit little-endian fields: 14 bits of size, 2 of scaling.
void AppendVp8Frame(std::vector<uint8_t>& out, bool keyFrame, size_t size) {
  const size_t header = keyFrame ? 10 : 3;
  if (out.size() + header > size) size = out.size() + header;
  out.push_back(keyFrame ? 0x10 : 0x11);
  out.push_back(0x00);
  out.push_back(0x00);
  if (keyFrame) {
    out.insert(out.end(), {0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01});  // 640 x 480.
  }
  uint8_t filler = 0;
  while (out.size() < size)
    out.push_back(filler++);
}

}  // namespace

std::vector<uint8_t> Vp8Payload(bool keyFrame, size_t size) {
  std::vector<uint8_t> out{0x10};  // X=0 N=0 S=1 PID=0.
  AppendVp8Frame(out, keyFrame, size);
  return out;
}

std::vector<uint8_t> Vp8PayloadWithPictureId(bool keyFrame, uint16_t pictureId, size_t size) {
  // X=1 S=1; I=1; M=1 with a 15-bit picture id.
  std::vector<uint8_t> out{0x90, 0x80, static_cast<uint8_t>(0x80 | ((pictureId >> 8) & 0x7f)),
                           static_cast<uint8_t>(pictureId & 0xff)};
  AppendVp8Frame(out, keyFrame, size);
  return out;
}

// --- RTP ---

std::vector<uint8_t> BuildRtp(const RtpSpec& spec) {
  proto::rtp::RtpPacketBuilder builder;
  builder.SetPayloadType(spec.payloadType)
      .SetSequenceNumber(spec.seq)
      .SetTimestamp(spec.timestamp)
      .SetSsrc(spec.ssrc)
      .SetMarker(spec.marker)
      .SetPayload(spec.payload);
  for (const auto& [id, value] : spec.extensions)
    builder.AddExtension(id, value);
  std::vector<uint8_t> out(builder.SerializedSize());
  if (out.empty() || builder.Serialize(out) != out.size()) {
    throw std::invalid_argument("BuildRtp: invalid packet");
  }
  return out;
}

std::optional<ReceivedRtp> ParseRtp(const std::vector<uint8_t>& datagram) {
  std::vector<uint8_t> copy = datagram;
  auto packet = proto::rtp::RtpPacket::Parse(base::MutableByteView(copy), copy.size());
  if (!packet) return std::nullopt;
  ReceivedRtp out;
  out.payloadType = packet->payload_type();
  out.seq = packet->sequence_number();
  out.timestamp = packet->timestamp();
  out.ssrc = packet->ssrc();
  out.marker = packet->marker();
  for (size_t i = 0; i < packet->extension_count(); ++i) {
    auto element = packet->ExtensionAt(i);
    out.extensions[element.id] = std::vector<uint8_t>(element.value.begin(), element.value.end());
  }
  out.payload.assign(packet->payload().begin(), packet->payload().end());
  return out;
}

bool IsRtp(const std::vector<uint8_t>& datagram) {
  return proto::ClassifyPacket(datagram) == proto::PacketKind::kRtp;
}

bool IsRtcp(const std::vector<uint8_t>& datagram) {
  return proto::ClassifyPacket(datagram) == proto::PacketKind::kRtcp;
}

// --- RTCP ---

std::optional<ReceivedRtcp> ParseRtcp(const std::vector<uint8_t>& datagram) {
  if (!IsRtcp(datagram)) return std::nullopt;
  ReceivedRtcp out;
  rtcp::CompoundReader reader(datagram);
  for (const rtcp::Packet& packet : reader) {
    ++out.packetCount;
    switch (packet.type()) {
      case rtcp::PacketType::kSr: {
        auto sr = rtcp::SenderReport::Parse(packet);
        if (!sr) break;
        ReceivedRtcp::Sr entry{sr->sender_ssrc(), sr->sender_info(), {}};
        for (size_t i = 0; i < sr->report_count(); ++i)
          entry.blocks.push_back(sr->report_block(i));
        out.srs.push_back(entry);
        break;
      }
      case rtcp::PacketType::kRr: {
        auto rr = rtcp::ReceiverReport::Parse(packet);
        if (!rr) break;
        ReceivedRtcp::Rr entry{rr->sender_ssrc(), {}};
        for (size_t i = 0; i < rr->report_count(); ++i)
          entry.blocks.push_back(rr->report_block(i));
        out.rrs.push_back(entry);
        break;
      }
      case rtcp::PacketType::kSdes: {
        auto sdes = rtcp::Sdes::Parse(packet);
        if (!sdes) break;
        auto chunks = sdes->chunks();
        while (auto chunk = chunks.Next()) {
          if (auto cname = chunk->cname()) out.cnames.emplace_back(chunk->ssrc(), *cname);
        }
        break;
      }
      case rtcp::PacketType::kRtpfb:
        if (auto nack = rtcp::Nack::Parse(packet)) {
          ReceivedRtcp::Nack entry{nack->sender_ssrc(), nack->media_ssrc(), {}};
          nack->ForEachLost([&](uint16_t seq) { entry.lost.push_back(seq); });
          out.nacks.push_back(entry);
        }
        break;
      case rtcp::PacketType::kPsfb:
        if (auto pli = rtcp::Pli::Parse(packet)) {
          out.keyFrameRequests.push_back({pli->sender_ssrc(), pli->media_ssrc(), false, 0});
        } else if (auto fir = rtcp::Fir::Parse(packet)) {
          for (size_t i = 0; i < fir->entry_count(); ++i) {
            out.keyFrameRequests.push_back(
                {fir->sender_ssrc(), fir->entry(i).ssrc, true, fir->entry(i).seqNr});
          }
        }
        break;
      default:
        break;
    }
  }
  out.error = reader.error();
  return out;
}

namespace {

template <typename... Builders>
std::vector<uint8_t> Compound(const Builders&... builders) {
  std::array<uint8_t, 1500> buffer;
  rtcp::CompoundBuilder compound(buffer);
  if (!(compound.Add(builders) && ...)) throw std::invalid_argument("RTCP does not fit");
  return std::vector<uint8_t>(compound.data().begin(), compound.data().end());
}

}  // namespace

std::vector<uint8_t> BuildSr(uint32_t ssrc, const rtcp::SenderInfo& info,
                             const std::vector<rtcp::ReportBlock>& blocks) {
  return Compound(rtcp::SenderReportBuilder{ssrc, info, blocks});
}

std::vector<uint8_t> BuildRr(uint32_t ssrc, const std::vector<rtcp::ReportBlock>& blocks) {
  return Compound(rtcp::ReceiverReportBuilder{ssrc, blocks});
}

std::vector<uint8_t> BuildNack(uint32_t senderSsrc, uint32_t mediaSsrc,
                               const std::vector<uint16_t>& lost) {
  std::array<rtcp::NackItem, 64> items;
  auto packed = rtcp::BuildNackItems(lost, items);
  return Compound(rtcp::NackBuilder{
      senderSsrc, mediaSsrc, std::span<const rtcp::NackItem>(items.data(), packed.itemCount)});
}

std::vector<uint8_t> BuildPli(uint32_t senderSsrc, uint32_t mediaSsrc) {
  return Compound(rtcp::PliBuilder{senderSsrc, mediaSsrc});
}

std::vector<uint8_t> BuildFir(uint32_t senderSsrc, uint32_t mediaSsrc, uint8_t seqNr) {
  rtcp::FirEntry entry{mediaSsrc, seqNr};
  return Compound(rtcp::FirBuilder{senderSsrc, std::span(&entry, 1)});
}

// --- Parameters ---

std::vector<sfu::RtpCodecCapability> DefaultMediaCodecs() {
  sfu::RtpCodecCapability opus;
  opus.kind = sfu::MediaKind::kAudio;
  opus.mimeType = "audio/opus";
  opus.clockRate = 48000;
  opus.channels = 2;
  sfu::RtpCodecCapability vp8;
  vp8.kind = sfu::MediaKind::kVideo;
  vp8.mimeType = "video/VP8";
  vp8.clockRate = 90000;
  return {opus, vp8};
}

sfu::RtpParameters Vp8ProducerParameters(uint32_t ssrc, uint8_t pt, std::optional<uint32_t> rtxSsrc,
                                         uint8_t rtxPt) {
  sfu::RtpParameters params;
  sfu::RtpCodecParameters vp8;
  vp8.mimeType = "video/VP8";
  vp8.payloadType = pt;
  vp8.clockRate = 90000;
  vp8.rtcpFeedback = {{"nack", ""}, {"nack", "pli"}, {"ccm", "fir"}};
  params.codecs.push_back(vp8);
  sfu::RtpEncodingParameters encoding;
  encoding.ssrc = ssrc;
  if (rtxSsrc) {
    sfu::RtpCodecParameters rtx;
    rtx.mimeType = "video/rtx";
    rtx.payloadType = rtxPt;
    rtx.clockRate = 90000;
    rtx.parameters["apt"] = int64_t{pt};
    params.codecs.push_back(rtx);
    encoding.rtx = sfu::RtxParameters{*rtxSsrc};
  }
  params.encodings.push_back(encoding);
  params.rtcp.cname = "producer";
  return params;
}

sfu::RtpParameters OpusProducerParameters(uint32_t ssrc, uint8_t pt, bool nack) {
  sfu::RtpParameters params;
  sfu::RtpCodecParameters opus;
  opus.mimeType = "audio/opus";
  opus.payloadType = pt;
  opus.clockRate = 48000;
  opus.channels = 2;
  if (nack) opus.rtcpFeedback = {{"nack", ""}};
  params.codecs.push_back(opus);
  sfu::RtpEncodingParameters encoding;
  encoding.ssrc = ssrc;
  params.encodings.push_back(encoding);
  params.rtcp.cname = "producer";
  return params;
}

sfu::RtpHeaderExtensionParameters Extension(std::string_view uri, uint8_t id) {
  sfu::RtpHeaderExtensionParameters e;
  e.uri = std::string(uri);
  e.id = id;
  return e;
}

// --- The world ---

SfuScenario::SfuScenario(std::vector<sfu::RtpCodecCapability> mediaCodecs) {
  deps::InitializeLibraries();
  worker = std::make_unique<sfu::Worker>(sfu::WorkerSettings{}, fake.env);
  router = &worker->CreateRouter("router", mediaCodecs);
}

SfuScenario::~SfuScenario() {
  worker->Close();
}

sfu::PlainTransport& SfuScenario::CreatePlainTransport(const std::string& id,
                                                       const PlainOptions& options) {
  sfu::PlainTransportOptions o;
  o.listenInfo.ip = options.ip;
  o.comedia = options.comedia;
  o.rtcpMux = options.rtcpMux;
  o.enableSrtp = options.enableSrtp;
  o.srtpCryptoSuite = options.suite;
  return router->CreatePlainTransport(id, o);
}

base::SocketAddress SfuScenario::LocalAddress(const sfu::PlainTransport& transport) {
  return *base::SocketAddress::Parse(transport.tuple().localAddress, transport.tuple().localPort);
}

base::SocketAddress SfuScenario::RtcpLocalAddress(const sfu::PlainTransport& transport) {
  const auto& t = transport.rtcpTuple().value();
  return *base::SocketAddress::Parse(t.localAddress, t.localPort);
}

void SfuScenario::ConnectTo(sfu::PlainTransport& transport, const FakeNetwork::Peer& peer,
                            std::optional<uint16_t> rtcpPort) {
  sfu::PlainConnectParams params;
  params.ip = peer.socket->local().ip();
  params.port = peer.socket->local().port();
  params.rtcpPort = rtcpPort;
  transport.Connect(params);
}

sfu::Producer& SfuScenario::Produce(sfu::Transport& transport, const std::string& id,
                                    sfu::MediaKind kind, sfu::RtpParameters params, bool paused,
                                    base::Duration keyFrameRequestDelay) {
  sfu::ProducerOptions options;
  options.id = id;
  options.kind = kind;
  options.rtpParameters = std::move(params);
  sfu::ortc::ValidateRtpParameters(options.rtpParameters, kind, "rtpParameters");
  options.rtpMapping = sfu::ortc::GetProducerRtpMapping(
      options.rtpParameters, router->rtpCapabilities(), [&] { return router->NewSsrc(); });
  options.consumableRtpParameters = sfu::ortc::GetConsumableRtpParameters(
      kind, options.rtpParameters, router->rtpCapabilities(), options.rtpMapping);
  options.paused = paused;
  options.keyFrameRequestDelay = keyFrameRequestDelay;
  return transport.Produce(std::move(options));
}

sfu::Consumer& SfuScenario::Consume(sfu::Transport& transport, const std::string& id,
                                    const std::string& producerId, bool enableRtx, bool paused,
                                    std::optional<sfu::RtpCapabilities> caps) {
  sfu::Producer& producer = router->GetProducer(producerId);
  sfu::RtpCapabilities remote = caps.value_or(router->rtpCapabilities());
  sfu::ortc::ValidateRtpCapabilities(remote, "rtpCapabilities");
  sfu::ortc::ConsumerOptions ortcOptions;
  ortcOptions.enableRtx = enableRtx && producer.kind() == sfu::MediaKind::kVideo;
  sfu::ConsumerOptions options;
  options.id = id;
  options.producerId = producerId;
  options.kind = producer.kind();
  options.rtpParameters = sfu::ortc::GetConsumerRtpParameters(
      producer.consumableRtpParameters(), remote, ortcOptions, [&] { return router->NewSsrc(); });
  options.paused = paused;
  options.producerPaused = producer.paused();
  sfu::Consumer& consumer = transport.Consume(std::move(options), producer);
  Pump();
  return consumer;
}

void SfuScenario::Send(FakeNetwork::Peer& peer, const base::SocketAddress& to,
                       const std::vector<uint8_t>& datagram) {
  peer.socket->Send(datagram, to);
  fake.network.Pump();
}

std::vector<ReceivedRtp> SfuScenario::RtpOf(const FakeNetwork::Peer& peer) {
  std::vector<ReceivedRtp> out;
  for (const auto& d : peer.inbox) {
    if (!IsRtp(d.data)) continue;
    if (auto rtp = ParseRtp(d.data)) out.push_back(std::move(*rtp));
  }
  return out;
}

std::vector<ReceivedRtcp> SfuScenario::RtcpOf(const FakeNetwork::Peer& peer) {
  std::vector<ReceivedRtcp> out;
  for (const auto& d : peer.inbox) {
    if (auto r = ParseRtcp(d.data)) out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace weir::test
