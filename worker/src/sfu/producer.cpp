#include "sfu/producer.hpp"

#include <algorithm>

#include "base/logging.hpp"
#include "proto/rtcp/compound_builder.hpp"
#include "proto/rtcp/fir.hpp"
#include "proto/rtcp/nack.hpp"
#include "proto/rtcp/pli.hpp"
#include "proto/rtp/extensions/repaired_rid.hpp"
#include "proto/rtp/extensions/rid.hpp"
#include "proto/rtp/rtx.hpp"
#include "sfu/ortc/mime_type.hpp"
#include "sfu/ortc/scalability_mode.hpp"

namespace weir::sfu {

namespace {

bool HasFeedback(const RtpCodecParameters& codec, std::string_view type,
                 std::string_view parameter) {
  return std::any_of(
      codec.rtcpFeedback.begin(), codec.rtcpFeedback.end(),
      [&](const RtcpFeedback& f) { return f.type == type && f.parameter == parameter; });
}

bool IsRtxMime(const std::string& mimeType) {
  return ortc::IsRtxMimeType(mimeType);
}

std::optional<uint8_t> AptOf(const RtpCodecParameters& codec) {
  auto it = codec.parameters.find("apt");
  if (it == codec.parameters.end()) return std::nullopt;
  if (auto* v = std::get_if<int64_t>(&it->second)) {
    if (*v >= 0 && *v <= 127) return static_cast<uint8_t>(*v);
  }
  return std::nullopt;
}

}  // namespace

Producer::Producer(ProducerOptions options, Environment& env, ProducerListener& listener)
    : options_(std::move(options)), env_(env), listener_(listener), paused_(options_.paused) {
  const RtpParameters& params = options_.rtpParameters;
  for (const auto& codec : params.codecs) {
    CodecEntry& entry = codecs_[codec.payloadType & 0x7f];
    entry.used = true;
    entry.clockRate = codec.clockRate;
    entry.codec = CodecKindFromMimeType(codec.mimeType);
    for (const auto& m : options_.rtpMapping.codecs) {
      if (m.payloadType == codec.payloadType) entry.mappedPayloadType = m.mappedPayloadType;
    }
    if (IsRtxMime(codec.mimeType)) {
      entry.isRtx = true;
      entry.rtxApt = AptOf(codec).value_or(0);
    } else {
      useNack_ = useNack_ || HasFeedback(codec, "nack", "");
      usePli_ = usePli_ || HasFeedback(codec, "nack", "pli");
      useFir_ = useFir_ || HasFeedback(codec, "ccm", "fir");
    }
  }
  for (size_t i = 0; i < options_.rtpMapping.encodings.size(); ++i) {
    const auto& m = options_.rtpMapping.encodings[i];
    Encoding encoding;
    encoding.ssrc = m.ssrc;
    encoding.rid = m.rid;
    encoding.mappedSsrc = m.mappedSsrc;
    if (i < params.encodings.size() && params.encodings[i].rtx) {
      encoding.rtxSsrc = params.encodings[i].rtx->ssrc;
    }
    encodings_.push_back(std::move(encoding));
  }
  if (encodings_.size() > 1) {
    type_ = ProducerType::kSimulcast;
  } else if (!params.encodings.empty() && params.encodings[0].scalabilityMode) {
    auto mode = ortc::ParseScalabilityMode(*params.encodings[0].scalabilityMode);
    if (mode && (mode->spatialLayers > 1 || mode->temporalLayers > 1)) type_ = ProducerType::kSvc;
  }
  extensionIds_ = ExtensionIds::From(params.headerExtensions);
  extensionMap_ = HeaderExtensionMap(params.headerExtensions,
                                     options_.consumableRtpParameters.headerExtensions);
}

Producer::~Producer() = default;

const std::string& Producer::MimeTypeOf(size_t) const {
  // Every encoding uses the producer's first media codec as far as stats are concerned.
  for (const auto& codec : options_.rtpParameters.codecs) {
    if (!IsRtxMime(codec.mimeType)) return codec.mimeType;
  }
  static const std::string kNone;
  return kNone;
}

std::optional<size_t> Producer::FindEncoding(const proto::rtp::RtpPacket& packet, bool* isRtx) {
  const uint32_t ssrc = packet.ssrc();
  for (size_t i = 0; i < encodings_.size(); ++i) {
    if (encodings_[i].ssrc == ssrc) {
      *isRtx = false;
      return i;
    }
    if (encodings_[i].rtxSsrc == ssrc) {
      *isRtx = true;
      return i;
    }
  }
  // An SSRC not announced: simulcast by rid (RFC 8852), its RTX by repaired-rid.
  if (extensionIds_.rid != 0) {
    if (auto value = packet.GetExtension(extensionIds_.rid)) {
      if (auto rid = proto::rtp::extensions::Rid::Parse(*value)) {
        for (size_t i = 0; i < encodings_.size(); ++i) {
          if (encodings_[i].rid && *encodings_[i].rid == *rid && !encodings_[i].ssrc) {
            encodings_[i].ssrc = ssrc;
            *isRtx = false;
            return i;
          }
        }
      }
    }
  }
  if (extensionIds_.repairedRid != 0) {
    if (auto value = packet.GetExtension(extensionIds_.repairedRid)) {
      if (auto rid = proto::rtp::extensions::RepairedRid::Parse(*value)) {
        for (size_t i = 0; i < encodings_.size(); ++i) {
          if (encodings_[i].rid && *encodings_[i].rid == *rid && !encodings_[i].rtxSsrc) {
            encodings_[i].rtxSsrc = ssrc;
            *isRtx = true;
            return i;
          }
        }
      }
    }
  }
  // One encoding announced by neither SSRC nor rid (matched by MID or the transport): the
  // first SSRC seen is it.
  if (encodings_.size() == 1 && !encodings_[0].ssrc && !encodings_[0].rid) {
    encodings_[0].ssrc = ssrc;
    *isRtx = false;
    return 0;
  }
  return std::nullopt;
}

void Producer::CreateStream(size_t index, uint32_t ssrc, const CodecEntry& codec) {
  engine::ReceiveStreamConfig config;
  config.ssrc = ssrc;
  config.clockRate = codec.clockRate;
  config.video = options_.kind == MediaKind::kVideo;
  config.useNack = useNack_;
  config.usePli = usePli_;
  config.useFir = useFir_;
  config.keyFrameRequestDelay = options_.keyFrameRequestDelay;
  // Audio is not retransmitted by browsers' receivers; keep packets only when NACK is on.
  config.storeCapacity = useNack_ ? (config.video ? 1024 : 128) : 0;
  encodings_[index].stream = std::make_unique<engine::ReceiveStream>(config);
}

bool Producer::ReceiveRtpPacket(base::Timestamp now, proto::rtp::RtpPacket& packet,
                                PacketInfo* info, size_t* stream) {
  bool isRtx = false;
  auto index = FindEncoding(packet, &isRtx);
  if (!index) {
    ++counters_.unknownStream;
    return false;
  }
  Encoding& encoding = encodings_[*index];
  const CodecEntry* codec = &codecs_[packet.payload_type()];
  if (!codec->used) {
    ++counters_.unknownPayloadType;
    return false;
  }
  if (isRtx != codec->isRtx) {
    // An RTX payload type on the media SSRC or the reverse: not something to forward.
    ++counters_.badRtx;
    return false;
  }
  if (isRtx) {
    const CodecEntry& media = codecs_[codec->rtxApt];
    if (!media.used || media.isRtx || !encoding.ssrc ||
        !proto::rtp::RtxDecapsulate(packet, codec->rtxApt, *encoding.ssrc)) {
      ++counters_.badRtx;
      return false;
    }
    codec = &media;
  }
  if (!encoding.stream) {
    if (isRtx) return false;  // Nothing to repair yet.
    CreateStream(*index, packet.ssrc(), *codec);
  }
  std::optional<base::ByteView> frameMarking;
  if (extensionIds_.frameMarking != 0)
    frameMarking = packet.GetExtension(extensionIds_.frameMarking);
  *info = InspectPayload(codec->codec, packet.payload(), frameMarking);

  engine::ReceiveStream::Effects effects;
  auto verdict = encoding.stream->HandlePacket(now, packet, info->isKeyFrame, isRtx, &effects);
  info->sourceRestarted = effects.restarted;
  if (effects.sendNacksNow) SendNacks(now, encoding);
  if (effects.keyFrameNeeded && encoding.stream->RequestKeyFrame(now)) {
    SendKeyFrameRequest(now, encoding);
  }
  if (verdict == engine::ReceiveStream::Verdict::kDiscard) return false;

  // From here on the packet is the router's: its SSRC, payload type and extension ids.
  packet.SetSsrc(encoding.mappedSsrc);
  packet.SetPayloadType(codec->mappedPayloadType);
  extensionMap_.Apply(packet);
  encoding.stream->Store(now, packet);

  if (trace_.any()) {
    if (trace_.Has(TraceType::kRtp) || (info->isKeyFrame && trace_.Has(TraceType::kKeyFrame))) {
      event::Trace t;
      t.source = TraceSource::kProducer;
      t.type = info->isKeyFrame && trace_.Has(TraceType::kKeyFrame) ? TraceType::kKeyFrame
                                                                    : TraceType::kRtp;
      t.timestamp = now;
      t.direction = TraceDirection::kIn;
      t.info.ssrc = packet.ssrc();
      t.info.sequenceNumber = packet.sequence_number();
      t.info.rtpTimestamp = packet.timestamp();
      t.info.payloadType = packet.payload_type();
      t.info.marker = packet.marker();
      t.info.isKeyFrame = info->isKeyFrame;
      t.info.size = static_cast<uint32_t>(packet.size());
      t.info.rid = encoding.rid;
      env_.notifier.Emit(id(), t);
    }
  }
  if (paused_) return false;
  *stream = *index;
  return true;
}

void Producer::ReceiveSenderReport(base::Timestamp now, uint32_t ssrc, uint64_t ntp,
                                   uint32_t rtpTs) {
  for (auto& encoding : encodings_) {
    if (encoding.stream && encoding.ssrc == ssrc) {
      encoding.stream->HandleSenderReport(now, ntp, rtpTs);
      return;
    }
  }
}

void Producer::CollectReportBlocks(base::Timestamp now, std::vector<engine::ReportBlockData>& out) {
  bool scoreChanged = false;
  for (auto& encoding : encodings_) {
    if (!encoding.stream) continue;
    engine::ReceiveStream::Effects effects;
    out.push_back(encoding.stream->MakeReportBlock(now, &effects));
    scoreChanged = scoreChanged || effects.scoreChanged;
  }
  if (scoreChanged) EmitScore();
}

void Producer::SetRtt(base::Duration rtt) {
  for (auto& encoding : encodings_) {
    if (encoding.stream) encoding.stream->SetRtt(rtt);
  }
}

std::vector<uint8_t> Producer::Scores() const {
  std::vector<uint8_t> scores;
  for (const auto& encoding : encodings_) {
    scores.push_back(encoding.stream ? encoding.stream->score() : 0);
  }
  return scores;
}

void Producer::EmitScore() {
  event::ProducerScore score;
  for (size_t i = 0; i < encodings_.size(); ++i) {
    const auto& encoding = encodings_[i];
    if (!encoding.stream) continue;
    score.scores.push_back({static_cast<uint32_t>(i), encoding.stream->ssrc(), encoding.rid,
                            encoding.stream->score()});
  }
  env_.notifier.Emit(id(), score);
}

void Producer::RequestKeyFrame(base::Timestamp now, uint32_t mappedSsrc) {
  if (options_.kind != MediaKind::kVideo) return;
  for (auto& encoding : encodings_) {
    if (encoding.mappedSsrc != mappedSsrc || !encoding.stream) continue;
    if (encoding.stream->RequestKeyFrame(now)) SendKeyFrameRequest(now, encoding);
  }
}

std::optional<engine::PacketStore::Stored> Producer::GetStoredPacket(base::Timestamp now,
                                                                     size_t stream,
                                                                     uint16_t seq) const {
  if (stream >= encodings_.size() || !encodings_[stream].stream) return std::nullopt;
  return encodings_[stream].stream->GetStored(now, seq);
}

void Producer::SendNacks(base::Timestamp now, Encoding& encoding) {
  std::array<uint16_t, 128> lost;
  size_t count = encoding.stream->PollNacks(now, lost);
  if (count == 0) return;
  std::array<proto::rtcp::NackItem, 128> items;
  auto packed = proto::rtcp::BuildNackItems(std::span<const uint16_t>(lost.data(), count), items);
  std::array<uint8_t, 1200> buffer;
  proto::rtcp::CompoundBuilder compound(buffer);
  compound.Add(proto::rtcp::NackBuilder{
      options_.feedbackSsrc, encoding.stream->ssrc(),
      std::span<const proto::rtcp::NackItem>(items.data(), packed.itemCount)});
  if (compound.empty()) return;
  if (trace_.Has(TraceType::kNack)) {
    event::Trace t{TraceSource::kProducer, TraceType::kNack, now, TraceDirection::kOut, {}};
    t.info.ssrc = encoding.stream->ssrc();
    env_.notifier.Emit(id(), t);
  }
  listener_.OnProducerRtcp(*this, now, compound.data());
}

void Producer::SendKeyFrameRequest(base::Timestamp now, Encoding& encoding) {
  std::array<uint8_t, 64> buffer;
  proto::rtcp::CompoundBuilder compound(buffer);
  uint32_t ssrc = encoding.stream->ssrc();
  bool pli = usePli_;
  if (pli) {
    compound.Add(proto::rtcp::PliBuilder{options_.feedbackSsrc, ssrc});
  } else {
    // RFC 5104 4.3.1.1: the sequence number is incremented for each new request.
    proto::rtcp::FirEntry entry{ssrc, encoding.firSeq++};
    compound.Add(proto::rtcp::FirBuilder{options_.feedbackSsrc, std::span(&entry, 1)});
  }
  if (compound.empty()) return;
  TraceType type = pli ? TraceType::kPli : TraceType::kFir;
  if (trace_.Has(type)) {
    event::Trace t{TraceSource::kProducer, type, now, TraceDirection::kOut, {}};
    t.info.ssrc = ssrc;
    env_.notifier.Emit(id(), t);
  }
  listener_.OnProducerRtcp(*this, now, compound.data());
}

void Producer::Pause() {
  paused_ = true;
}

void Producer::Resume() {
  paused_ = false;
}

base::Timestamp Producer::NextTimeout() const {
  base::Timestamp next = base::kNever;
  for (const auto& encoding : encodings_) {
    if (encoding.stream) next = std::min(next, encoding.stream->NextTimeout());
  }
  return next;
}

void Producer::HandleTimeout(base::Timestamp now) {
  for (auto& encoding : encodings_) {
    if (!encoding.stream) continue;
    SendNacks(now, encoding);
    if (encoding.stream->HandleTimeout(now)) SendKeyFrameRequest(now, encoding);
  }
}

std::vector<uint32_t> Producer::KnownSsrcs() const {
  std::vector<uint32_t> ssrcs;
  for (const auto& encoding : encodings_) {
    if (encoding.ssrc) ssrcs.push_back(*encoding.ssrc);
    if (encoding.rtxSsrc) ssrcs.push_back(*encoding.rtxSsrc);
  }
  return ssrcs;
}

std::vector<std::string> Producer::Rids() const {
  std::vector<std::string> rids;
  for (const auto& encoding : encodings_) {
    if (encoding.rid) rids.push_back(*encoding.rid);
  }
  return rids;
}

bool Producer::OwnsSsrc(uint32_t ssrc) const {
  return std::any_of(encodings_.begin(), encodings_.end(),
                     [&](const Encoding& e) { return e.ssrc == ssrc || e.rtxSsrc == ssrc; });
}

}  // namespace weir::sfu
