#pragma once

// URIs of the RTP header extensions Weir knows (RFC 8285 "a=extmap" names).

namespace weir::sfu::ortc {

inline constexpr char kMidUri[] = "urn:ietf:params:rtp-hdrext:sdes:mid";  // RFC 8843 15.2
inline constexpr char kRtpStreamIdUri[] =
    "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";  // RFC 8852 3.1
inline constexpr char kRepairedRtpStreamIdUri[] =
    "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";  // RFC 8852 3.2
inline constexpr char kAbsSendTimeUri[] =
    "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
inline constexpr char kTransportWideCcUri[] =
    "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
inline constexpr char kDependencyDescriptorUri[] =
    "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";
inline constexpr char kAudioLevelUri[] = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";  // RFC 6464
inline constexpr char kVideoOrientationUri[] = "urn:3gpp:video-orientation";    // 3GPP TS 26.114
inline constexpr char kTimeOffsetUri[] = "urn:ietf:params:rtp-hdrext:toffset";  // RFC 5450
inline constexpr char kAbsCaptureTimeUri[] =
    "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";
inline constexpr char kPlayoutDelayUri[] =
    "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

}  // namespace weir::sfu::ortc
