#pragma once

// The canonical URIs of the RTP header extensions Weir knows (the names that appear in SDP
// "a=extmap" lines, RFC 8285 5, and in ORTC headerExtensions), and a lookup from URI to kind so
// that negotiation can map a local id to the codec that reads it.

#include <cstdint>
#include <string_view>

namespace weir::proto::rtp::extensions {

// RFC 8843 15.
inline constexpr std::string_view kMidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
// RFC 8852 3.3.
inline constexpr std::string_view kRidUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
inline constexpr std::string_view kRepairedRidUri =
    "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
inline constexpr std::string_view kAbsSendTimeUri =
    "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
inline constexpr std::string_view kTransportWideCcUri =
    "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
// RFC 6464.
inline constexpr std::string_view kAudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
// 3GPP TS 26.114 7.4.5.
inline constexpr std::string_view kVideoOrientationUri = "urn:3gpp:video-orientation";
inline constexpr std::string_view kPlayoutDelayUri =
    "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
inline constexpr std::string_view kAbsCaptureTimeUri =
    "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";
inline constexpr std::string_view kDependencyDescriptorUri =
    "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";
// RFC 5450.
inline constexpr std::string_view kTransmissionOffsetUri = "urn:ietf:params:rtp-hdrext:toffset";
inline constexpr std::string_view kFrameMarkingUri =
    "http://tools.ietf.org/html/draft-ietf-avtext-framemarking-07";

enum class ExtensionKind : uint8_t {
  kUnknown,
  kMid,
  kRid,
  kRepairedRid,
  kAbsSendTime,
  kTransportWideCc,
  kAudioLevel,
  kVideoOrientation,
  kPlayoutDelay,
  kAbsCaptureTime,
  kDependencyDescriptor,
  kTransmissionOffset,
  kFrameMarking,
};

// URIs compare exactly (RFC 8285 5: the URI is an opaque identifier).
constexpr ExtensionKind KindFromUri(std::string_view uri) {
  if (uri == kMidUri) return ExtensionKind::kMid;
  if (uri == kRidUri) return ExtensionKind::kRid;
  if (uri == kRepairedRidUri) return ExtensionKind::kRepairedRid;
  if (uri == kAbsSendTimeUri) return ExtensionKind::kAbsSendTime;
  if (uri == kTransportWideCcUri) return ExtensionKind::kTransportWideCc;
  if (uri == kAudioLevelUri) return ExtensionKind::kAudioLevel;
  if (uri == kVideoOrientationUri) return ExtensionKind::kVideoOrientation;
  if (uri == kPlayoutDelayUri) return ExtensionKind::kPlayoutDelay;
  if (uri == kAbsCaptureTimeUri) return ExtensionKind::kAbsCaptureTime;
  if (uri == kDependencyDescriptorUri) return ExtensionKind::kDependencyDescriptor;
  if (uri == kTransmissionOffsetUri) return ExtensionKind::kTransmissionOffset;
  if (uri == kFrameMarkingUri) return ExtensionKind::kFrameMarking;
  return ExtensionKind::kUnknown;
}

constexpr std::string_view UriOf(ExtensionKind kind) {
  switch (kind) {
    case ExtensionKind::kMid:
      return kMidUri;
    case ExtensionKind::kRid:
      return kRidUri;
    case ExtensionKind::kRepairedRid:
      return kRepairedRidUri;
    case ExtensionKind::kAbsSendTime:
      return kAbsSendTimeUri;
    case ExtensionKind::kTransportWideCc:
      return kTransportWideCcUri;
    case ExtensionKind::kAudioLevel:
      return kAudioLevelUri;
    case ExtensionKind::kVideoOrientation:
      return kVideoOrientationUri;
    case ExtensionKind::kPlayoutDelay:
      return kPlayoutDelayUri;
    case ExtensionKind::kAbsCaptureTime:
      return kAbsCaptureTimeUri;
    case ExtensionKind::kDependencyDescriptor:
      return kDependencyDescriptorUri;
    case ExtensionKind::kTransmissionOffset:
      return kTransmissionOffsetUri;
    case ExtensionKind::kFrameMarking:
      return kFrameMarkingUri;
    case ExtensionKind::kUnknown:
      break;
  }
  return {};
}

}  // namespace weir::proto::rtp::extensions
