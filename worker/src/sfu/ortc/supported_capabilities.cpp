#include "sfu/ortc/supported_capabilities.hpp"

#include "sfu/ortc/header_extension_uris.hpp"
#include "sfu/ortc/mime_type.hpp"

namespace weir::sfu::ortc {

namespace {

using Direction = RtpHeaderExtensionDirection;

// Audio gets NACK only for Opus (browsers negotiate it there); transport-cc everywhere, since
// congestion control covers the whole transport.
std::vector<RtcpFeedback> OpusFeedback() {
  return {{"nack", ""}, {"transport-cc", ""}};
}
std::vector<RtcpFeedback> AudioFeedback() {
  return {{"transport-cc", ""}};
}
std::vector<RtcpFeedback> VideoFeedback() {
  return {{"nack", ""}, {"nack", "pli"}, {"ccm", "fir"}, {"goog-remb", ""}, {"transport-cc", ""}};
}

std::vector<SupportedCodec> MakeSupportedCodecs() {
  const CodecParameters levelAsymmetry{{"level-asymmetry-allowed", int64_t{1}}};
  std::vector<SupportedCodec> codecs;
  codecs.push_back({MediaKind::kAudio, "audio/opus", 48000, 2, std::nullopt, OpusFeedback(), {}});
  codecs.push_back({MediaKind::kAudio, "audio/PCMU", 8000, 1, 0, AudioFeedback(), {}});
  codecs.push_back({MediaKind::kAudio, "audio/PCMA", 8000, 1, 8, AudioFeedback(), {}});
  // G.722 keeps the 8000 Hz RTP clock of RFC 3551 4.5.2 although it samples at 16 kHz.
  codecs.push_back({MediaKind::kAudio, "audio/G722", 8000, 1, 9, AudioFeedback(), {}});
  codecs.push_back(
      {MediaKind::kVideo, "video/VP8", 90000, std::nullopt, std::nullopt, VideoFeedback(), {}});
  codecs.push_back(
      {MediaKind::kVideo, "video/VP9", 90000, std::nullopt, std::nullopt, VideoFeedback(), {}});
  codecs.push_back({MediaKind::kVideo, "video/H264", 90000, std::nullopt, std::nullopt,
                    VideoFeedback(), levelAsymmetry});
  codecs.push_back({MediaKind::kVideo, "video/H265", 90000, std::nullopt, std::nullopt,
                    VideoFeedback(), levelAsymmetry});
  codecs.push_back(
      {MediaKind::kVideo, "video/AV1", 90000, std::nullopt, std::nullopt, VideoFeedback(), {}});
  return codecs;
}

std::vector<RtpHeaderExtensionCapability> MakeSupportedHeaderExtensions() {
  const auto a = MediaKind::kAudio;
  const auto v = MediaKind::kVideo;
  // Ids and directions as mediasoup announces them, so that front ends tuned against it see the
  // same offer. RID and repaired RID are only read (Weir's consumers send one stream each); so is
  // the dependency descriptor (forwarded per layer, never written); transport-cc for audio only
  // inbound, as browsers do not use it on received audio.
  return {
      {a, kMidUri, 1, false, Direction::kSendRecv},
      {v, kMidUri, 1, false, Direction::kSendRecv},
      {v, kRtpStreamIdUri, 2, false, Direction::kRecvOnly},
      {v, kRepairedRtpStreamIdUri, 3, false, Direction::kRecvOnly},
      {a, kAbsSendTimeUri, 4, false, Direction::kSendRecv},
      {v, kAbsSendTimeUri, 4, false, Direction::kSendRecv},
      {a, kTransportWideCcUri, 5, false, Direction::kRecvOnly},
      {v, kTransportWideCcUri, 5, false, Direction::kSendRecv},
      {v, kDependencyDescriptorUri, 8, false, Direction::kRecvOnly},
      {a, kAudioLevelUri, 10, false, Direction::kSendRecv},
      {v, kVideoOrientationUri, 11, false, Direction::kSendRecv},
      {v, kTimeOffsetUri, 12, false, Direction::kSendRecv},
      {a, kAbsCaptureTimeUri, 13, false, Direction::kSendRecv},
      {v, kAbsCaptureTimeUri, 13, false, Direction::kSendRecv},
      {a, kPlayoutDelayUri, 14, false, Direction::kSendRecv},
      {v, kPlayoutDelayUri, 14, false, Direction::kSendRecv},
  };
}

}  // namespace

std::span<const SupportedCodec> SupportedCodecs() {
  static const std::vector<SupportedCodec> codecs = MakeSupportedCodecs();
  return codecs;
}

const SupportedCodec* FindSupportedCodec(std::string_view mimeType) {
  for (const auto& codec : SupportedCodecs()) {
    if (MimeTypeEquals(codec.mimeType, mimeType)) return &codec;
  }
  return nullptr;
}

const std::vector<RtpHeaderExtensionCapability>& SupportedHeaderExtensions() {
  static const std::vector<RtpHeaderExtensionCapability> extensions =
      MakeSupportedHeaderExtensions();
  return extensions;
}

}  // namespace weir::sfu::ortc
