#include "sfu/ortc/producer_mapping.hpp"

#include "sfu/errors.hpp"
#include "sfu/ortc/codec_matching.hpp"
#include "sfu/ortc/codec_parameter.hpp"
#include "sfu/ortc/mime_type.hpp"

namespace weir::sfu::ortc {

namespace {

const RtpCodecCapability* FindRtxFor(const RtpCapabilities& caps, uint8_t mediaPayloadType) {
  for (const auto& codec : caps.codecs) {
    if (!IsRtxMimeType(codec.mimeType)) continue;
    if (IntegerParameterOr(codec.parameters, "apt", -1) == mediaPayloadType) return &codec;
  }
  return nullptr;
}

const RtpCodecCapability* FindByPayloadType(const RtpCapabilities& caps, uint8_t payloadType) {
  for (const auto& codec : caps.codecs) {
    if (codec.preferredPayloadType == payloadType) return &codec;
  }
  return nullptr;
}

const RtpCodecCapability* MatchRouterCodec(const RtpCodecParameters& codec,
                                           const RtpCapabilities& caps) {
  for (const auto& capCodec : caps.codecs) {
    if (IsRtxMimeType(capCodec.mimeType) || !capCodec.preferredPayloadType) continue;
    if (MatchCodecs(ViewOf(codec), ViewOf(capCodec), CodecMatch::kStrict)) return &capCodec;
  }
  return nullptr;
}

}  // namespace

RtpMapping GetProducerRtpMapping(const RtpParameters& params, const RtpCapabilities& routerCaps,
                                 const SsrcSource& ssrcs) {
  RtpMapping mapping;
  // Media codecs first, so that RTX codecs can follow their media codec's mapping.
  for (size_t i = 0; i < params.codecs.size(); ++i) {
    const auto& codec = params.codecs[i];
    if (IsRtxMimeType(codec.mimeType)) continue;
    const RtpCodecCapability* capCodec = MatchRouterCodec(codec, routerCaps);
    if (capCodec == nullptr) {
      ThrowTypeError("rtpParameters.codecs[%d]: unsupported codec %s (payloadType %u)", i,
                     codec.mimeType, codec.payloadType);
    }
    mapping.codecs.push_back({codec.payloadType, *capCodec->preferredPayloadType});
  }
  for (size_t i = 0; i < params.codecs.size(); ++i) {
    const auto& codec = params.codecs[i];
    if (!IsRtxMimeType(codec.mimeType)) continue;
    const int64_t apt = IntegerParameterOr(codec.parameters, "apt", -1).value_or(-1);
    const RtpMapping::CodecMapping* media = nullptr;
    for (const auto& entry : mapping.codecs) {
      if (entry.payloadType == apt) media = &entry;
    }
    if (media == nullptr) {
      ThrowTypeError("rtpParameters.codecs[%d].parameters.apt: no media codec for RTX %u", i,
                     codec.payloadType);
    }
    const RtpCodecCapability* capRtx = FindRtxFor(routerCaps, media->mappedPayloadType);
    if (capRtx == nullptr) {
      ThrowTypeError("rtpParameters.codecs[%d]: the router has no RTX for payloadType %u", i,
                     media->mappedPayloadType);
    }
    mapping.codecs.push_back({codec.payloadType, *capRtx->preferredPayloadType});
  }

  for (const auto& encoding : params.encodings) {
    mapping.encodings.push_back({encoding.ssrc, encoding.rid, encoding.scalabilityMode, ssrcs()});
  }
  return mapping;
}

RtpParameters GetConsumableRtpParameters(MediaKind kind, const RtpParameters& params,
                                         const RtpCapabilities& routerCaps,
                                         const RtpMapping& mapping) {
  RtpParameters consumable;
  for (const auto& codec : params.codecs) {
    if (IsRtxMimeType(codec.mimeType)) continue;
    const RtpMapping::CodecMapping* entry = nullptr;
    for (const auto& e : mapping.codecs) {
      if (e.payloadType == codec.payloadType) entry = &e;
    }
    const RtpCodecCapability* capCodec =
        entry != nullptr ? FindByPayloadType(routerCaps, entry->mappedPayloadType) : nullptr;
    if (capCodec == nullptr) {
      ThrowTypeError("rtpParameters: codec payloadType %u is not in the mapping",
                     codec.payloadType);
    }
    RtpCodecParameters out;
    out.mimeType = capCodec->mimeType;
    out.payloadType = *capCodec->preferredPayloadType;
    out.clockRate = capCodec->clockRate;
    out.channels = capCodec->channels;
    out.parameters = codec.parameters;  // The producer's: they describe its stream.
    out.rtcpFeedback = capCodec->rtcpFeedback;
    if (MimeTypeEquals(out.mimeType, "video/H264")) {
      auto answer = H264AnswerProfileLevelId(ViewOf(codec), ViewOf(*capCodec));
      if (answer) out.parameters.insert_or_assign("profile-level-id", *answer);
    }
    consumable.codecs.push_back(std::move(out));

    if (const RtpCodecCapability* capRtx =
            FindRtxFor(routerCaps, *capCodec->preferredPayloadType)) {
      RtpCodecParameters rtx;
      rtx.mimeType = capRtx->mimeType;
      rtx.payloadType = *capRtx->preferredPayloadType;
      rtx.clockRate = capRtx->clockRate;
      rtx.parameters = capRtx->parameters;
      rtx.rtcpFeedback = capRtx->rtcpFeedback;
      consumable.codecs.push_back(std::move(rtx));
    }
  }

  for (const auto& ext : routerCaps.headerExtensions) {
    if (ext.kind != kind) continue;
    if (ext.direction != RtpHeaderExtensionDirection::kSendRecv &&
        ext.direction != RtpHeaderExtensionDirection::kSendOnly) {
      continue;
    }
    consumable.headerExtensions.push_back({ext.uri, ext.preferredId, ext.preferredEncrypt, {}});
  }

  for (size_t i = 0; i < params.encodings.size() && i < mapping.encodings.size(); ++i) {
    RtpEncodingParameters encoding = params.encodings[i];
    encoding.rid.reset();
    encoding.rtx.reset();
    encoding.codecPayloadType.reset();
    encoding.ssrc = mapping.encodings[i].mappedSsrc;
    consumable.encodings.push_back(std::move(encoding));
  }

  consumable.rtcp.cname = params.rtcp.cname;
  consumable.rtcp.reducedSize = true;
  return consumable;
}

}  // namespace weir::sfu::ortc
