#pragma once

// The ORTC media description objects, in the shapes mediasoup and mediasoup-client use
// (https://mediasoup.org/documentation/v3/mediasoup/rtp-parameters-and-capabilities/), so that a
// browser front end built on mediasoup-client can pass its objects through the controller
// unchanged. channel/ converts them from and to FlatBuffers; sfu/ortc/ computes with them.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace weir::sfu {

enum class MediaKind : uint8_t { kAudio, kVideo };

// A codec parameter value ("profile-level-id": "42e01f", "packetization-mode": 1, ...): JSON
// allows strings and numbers; mediasoup treats integral numbers as integers.
using ParameterValue = std::variant<int64_t, double, std::string, bool>;
using CodecParameters = std::map<std::string, ParameterValue, std::less<>>;

struct RtcpFeedback {
  std::string type;       // "nack", "ccm", "goog-remb", "transport-cc"
  std::string parameter;  // "", "pli", "fir"
  bool operator==(const RtcpFeedback&) const = default;
};

// One codec the router supports (mediaCodecs in) or announces (rtpCapabilities out), or one a
// remote endpoint can receive (rtpCapabilities of a consumer's device).
struct RtpCodecCapability {
  MediaKind kind = MediaKind::kAudio;
  std::string mimeType;  // "audio/opus", "video/VP8", "video/rtx", ...
  std::optional<uint8_t> preferredPayloadType;
  uint32_t clockRate = 0;
  std::optional<uint8_t> channels;  // Audio only.
  CodecParameters parameters;
  std::vector<RtcpFeedback> rtcpFeedback;
  bool operator==(const RtpCodecCapability&) const = default;
};

enum class RtpHeaderExtensionDirection : uint8_t { kSendRecv, kSendOnly, kRecvOnly, kInactive };

struct RtpHeaderExtensionCapability {
  MediaKind kind = MediaKind::kAudio;
  std::string uri;
  uint8_t preferredId = 0;
  bool preferredEncrypt = false;
  RtpHeaderExtensionDirection direction = RtpHeaderExtensionDirection::kSendRecv;
  bool operator==(const RtpHeaderExtensionCapability&) const = default;
};

struct RtpCapabilities {
  std::vector<RtpCodecCapability> codecs;
  std::vector<RtpHeaderExtensionCapability> headerExtensions;
  bool operator==(const RtpCapabilities&) const = default;
};

struct RtpCodecParameters {
  std::string mimeType;
  uint8_t payloadType = 0;
  uint32_t clockRate = 0;
  std::optional<uint8_t> channels;
  CodecParameters parameters;
  std::vector<RtcpFeedback> rtcpFeedback;
  bool operator==(const RtpCodecParameters&) const = default;
};

struct RtpHeaderExtensionParameters {
  std::string uri;
  uint8_t id = 0;
  bool encrypt = false;
  CodecParameters parameters;
  bool operator==(const RtpHeaderExtensionParameters&) const = default;
};

struct RtxParameters {
  uint32_t ssrc = 0;
  bool operator==(const RtxParameters&) const = default;
};

struct RtpEncodingParameters {
  std::optional<uint32_t> ssrc;
  std::optional<std::string> rid;
  std::optional<uint8_t> codecPayloadType;
  std::optional<RtxParameters> rtx;
  bool dtx = false;
  std::optional<std::string> scalabilityMode;  // "L1T3", "S3T3", ...
  std::optional<uint32_t> maxBitrate;
  bool operator==(const RtpEncodingParameters&) const = default;
};

struct RtcpParameters {
  std::string cname;
  bool reducedSize = true;
  bool operator==(const RtcpParameters&) const = default;
};

struct RtpParameters {
  std::string mid;
  std::vector<RtpCodecParameters> codecs;
  std::vector<RtpHeaderExtensionParameters> headerExtensions;
  std::vector<RtpEncodingParameters> encodings;
  RtcpParameters rtcp;
  bool operator==(const RtpParameters&) const = default;
};

// How a producer's payload types map onto the router's (computed by ortc::GetProducerRtpMapping):
// the router forwards with its own payload types and its own SSRCs per encoding.
struct RtpMapping {
  struct CodecMapping {
    uint8_t payloadType = 0;        // The producer's.
    uint8_t mappedPayloadType = 0;  // The router's.
  };
  struct EncodingMapping {
    std::optional<uint32_t> ssrc;
    std::optional<std::string> rid;
    std::optional<std::string> scalabilityMode;
    uint32_t mappedSsrc = 0;
  };
  std::vector<CodecMapping> codecs;
  std::vector<EncodingMapping> encodings;
};

// "audio" / "video", the JSON names.
const char* MediaKindName(MediaKind kind);
// "sendrecv", "sendonly", "recvonly", "inactive".
const char* RtpHeaderExtensionDirectionName(RtpHeaderExtensionDirection direction);

}  // namespace weir::sfu
