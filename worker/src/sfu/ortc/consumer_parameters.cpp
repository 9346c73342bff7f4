#include "sfu/ortc/consumer_parameters.hpp"

#include <algorithm>
#include <string>

#include "absl/strings/str_format.h"
#include "sfu/errors.hpp"
#include "sfu/ortc/codec_matching.hpp"
#include "sfu/ortc/codec_parameter.hpp"
#include "sfu/ortc/header_extension_uris.hpp"
#include "sfu/ortc/mime_type.hpp"
#include "sfu/ortc/rtp_capabilities_validation.hpp"
#include "sfu/ortc/scalability_mode.hpp"

namespace weir::sfu::ortc {

namespace {

const RtpCodecCapability* MatchRemoteCodec(const RtpCodecParameters& codec,
                                           const RtpCapabilities& remoteCaps) {
  for (const auto& capCodec : remoteCaps.codecs) {
    if (MatchCodecs(ViewOf(capCodec), ViewOf(codec), CodecMatch::kStrict)) return &capCodec;
  }
  return nullptr;
}

bool IsGenericNack(const RtcpFeedback& fb) {
  return fb.type == "nack" && fb.parameter.empty();
}

bool HasExtension(const std::vector<RtpHeaderExtensionParameters>& exts, std::string_view uri) {
  return std::any_of(exts.begin(), exts.end(), [&](const auto& ext) { return ext.uri == uri; });
}

// Drops RTX codecs whose media codec is not in the list; true if any RTX codec remains.
bool PruneOrphanRtx(std::vector<RtpCodecParameters>& codecs) {
  bool rtxKept = false;
  std::vector<RtpCodecParameters> kept;
  for (auto& codec : codecs) {
    if (IsRtxMimeType(codec.mimeType)) {
      const int64_t apt = IntegerParameterOr(codec.parameters, "apt", -1).value_or(-1);
      bool hasMedia = std::any_of(codecs.begin(), codecs.end(), [&](const auto& media) {
        return !IsRtxMimeType(media.mimeType) && media.payloadType == apt;
      });
      if (!hasMedia) continue;
      rtxKept = true;
    }
    kept.push_back(std::move(codec));
  }
  codecs = std::move(kept);
  return rtxKept;
}

// One congestion controller per consumer: transport-cc wins over REMB (both cannot usefully run),
// and each needs its header extension.
void ReduceCongestionFeedback(RtpParameters& params) {
  bool twcc = HasExtension(params.headerExtensions, kTransportWideCcUri);
  bool absSendTime = HasExtension(params.headerExtensions, kAbsSendTimeUri);
  for (auto& codec : params.codecs) {
    std::erase_if(codec.rtcpFeedback, [&](const RtcpFeedback& fb) {
      if (fb.type == "transport-cc") return !twcc;
      if (fb.type == "goog-remb") return twcc || !absSendTime;
      return false;
    });
  }
}

std::optional<std::string> ConsumerScalabilityMode(const std::vector<RtpEncodingParameters>& encs) {
  std::optional<std::string> mode;
  for (const auto& encoding : encs) {
    if (encoding.scalabilityMode) {
      mode = encoding.scalabilityMode;
      break;
    }
  }
  if (encs.size() <= 1) return mode;
  // Simulcast: the consumer sees one stream whose spatial layers are the encodings.
  auto parsed = mode ? ParseScalabilityMode(*mode) : std::nullopt;
  unsigned temporal = parsed ? parsed->temporalLayers : 1;
  return absl::StrFormat("S%dT%u", encs.size(), temporal);
}

void AssignPipeEncodings(const RtpParameters& consumable, bool rtx, const SsrcSource& ssrcs,
                         RtpParameters& out) {
  for (const auto& consumableEncoding : consumable.encodings) {
    RtpEncodingParameters encoding = consumableEncoding;
    encoding.ssrc = ssrcs();
    if (rtx) {
      encoding.rtx = RtxParameters{ssrcs()};
    } else {
      encoding.rtx.reset();
    }
    out.encodings.push_back(std::move(encoding));
  }
}

}  // namespace

bool CanConsume(const RtpParameters& consumableParams, const RtpCapabilities& remoteCaps) {
  RtpCapabilities caps = remoteCaps;
  ValidateRtpCapabilities(caps);
  for (const auto& codec : consumableParams.codecs) {
    if (IsRtxMimeType(codec.mimeType)) continue;
    if (MatchRemoteCodec(codec, caps) != nullptr) return true;
  }
  return false;
}

RtpParameters GetConsumerRtpParameters(const RtpParameters& consumableParams,
                                       const RtpCapabilities& remoteCaps,
                                       const ConsumerOptions& options, const SsrcSource& ssrcs) {
  RtpCapabilities caps = remoteCaps;
  ValidateRtpCapabilities(caps);

  RtpParameters out;
  out.rtcp = consumableParams.rtcp;
  for (const auto& codec : consumableParams.codecs) {
    if (!options.enableRtx && IsRtxMimeType(codec.mimeType)) continue;
    const RtpCodecCapability* remote = MatchRemoteCodec(codec, caps);
    if (remote == nullptr) continue;
    RtpCodecParameters kept = codec;
    kept.rtcpFeedback.clear();
    for (const auto& fb : codec.rtcpFeedback) {
      if (!options.enableRtx && IsGenericNack(fb)) continue;  // Nothing to answer NACKs with.
      if (std::find(remote->rtcpFeedback.begin(), remote->rtcpFeedback.end(), fb) !=
          remote->rtcpFeedback.end()) {
        kept.rtcpFeedback.push_back(fb);
      }
    }
    out.codecs.push_back(std::move(kept));
  }
  const bool rtxSupported = PruneOrphanRtx(out.codecs);
  if (out.codecs.empty() || IsRtxMimeType(out.codecs[0].mimeType)) {
    ThrowTypeError("rtpCapabilities: no media codec in common with the producer");
  }

  // RFC 8285 5: an extension is usable only if the receiver maps the same id to the same URI.
  auto kind = MimeTypeKind(out.codecs[0].mimeType);
  for (const auto& ext : consumableParams.headerExtensions) {
    bool supported =
        std::any_of(caps.headerExtensions.begin(), caps.headerExtensions.end(),
                    [&](const RtpHeaderExtensionCapability& cap) {
                      return cap.kind == kind && cap.uri == ext.uri && cap.preferredId == ext.id &&
                             (cap.direction == RtpHeaderExtensionDirection::kSendRecv ||
                              cap.direction == RtpHeaderExtensionDirection::kRecvOnly);
                    });
    if (supported) out.headerExtensions.push_back(ext);
  }
  ReduceCongestionFeedback(out);

  if (options.pipe) {
    AssignPipeEncodings(consumableParams, rtxSupported, ssrcs, out);
    return out;
  }
  RtpEncodingParameters encoding;
  encoding.ssrc = ssrcs();
  if (rtxSupported) encoding.rtx = RtxParameters{ssrcs()};
  encoding.scalabilityMode = ConsumerScalabilityMode(consumableParams.encodings);
  for (const auto& producerEncoding : consumableParams.encodings) {
    if (producerEncoding.maxBitrate &&
        (!encoding.maxBitrate || *producerEncoding.maxBitrate > *encoding.maxBitrate)) {
      encoding.maxBitrate = producerEncoding.maxBitrate;
    }
  }
  out.encodings.push_back(std::move(encoding));
  return out;
}

RtpParameters GetPipeConsumerRtpParameters(const RtpParameters& consumableParams, bool enableRtx,
                                           const SsrcSource& ssrcs) {
  RtpParameters out;
  out.rtcp = consumableParams.rtcp;
  for (const auto& codec : consumableParams.codecs) {
    if (!enableRtx && IsRtxMimeType(codec.mimeType)) continue;
    RtpCodecParameters kept = codec;
    std::erase_if(kept.rtcpFeedback, [&](const RtcpFeedback& fb) {
      bool keyFrame = (fb.type == "nack" && fb.parameter == "pli") ||
                      (fb.type == "ccm" && fb.parameter == "fir");
      return !keyFrame && !(enableRtx && IsGenericNack(fb));
    });
    out.codecs.push_back(std::move(kept));
  }
  // The pipe is one transport between routers: no MID demultiplexing, no bandwidth estimation.
  for (const auto& ext : consumableParams.headerExtensions) {
    if (ext.uri == kMidUri || ext.uri == kAbsSendTimeUri || ext.uri == kTransportWideCcUri) {
      continue;
    }
    out.headerExtensions.push_back(ext);
  }
  AssignPipeEncodings(consumableParams, enableRtx, ssrcs, out);
  return out;
}

}  // namespace weir::sfu::ortc
