#pragma once

// Builders for the ORTC unit tests: the codecs and parameters browsers and mediasoup-client
// produce, in a line each.

#include <cstdint>
#include <string>
#include <utility>

#include "sfu/errors.hpp"
#include "sfu/ortc/ssrc_source.hpp"
#include "sfu/rtp_parameters.hpp"

namespace weir::sfu::ortc::test {

// The reason of the TypeError `f` throws; "no error" or "<kind>: <reason>" otherwise, so that a
// CHECK on the exact reason shows what happened instead.
template <typename F>
std::string TypeErrorOf(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::kTypeError) return e.what();
    return std::string("not a TypeError: ") + e.what();
  }
  return "no error";
}

inline RtpCodecCapability Capability(MediaKind kind, std::string mimeType, uint32_t clockRate,
                                     CodecParameters params = {}) {
  RtpCodecCapability c;
  c.kind = kind;
  c.mimeType = std::move(mimeType);
  c.clockRate = clockRate;
  c.parameters = std::move(params);
  return c;
}

inline RtpCodecCapability OpusCapability() {
  auto c = Capability(MediaKind::kAudio, "audio/opus", 48000);
  c.channels = 2;
  return c;
}

inline RtpCodecCapability VideoCapability(std::string mimeType, CodecParameters params = {}) {
  return Capability(MediaKind::kVideo, std::move(mimeType), 90000, std::move(params));
}

inline CodecParameters H264Params(int64_t packetizationMode, std::string profileLevelId) {
  return {{"packetization-mode", packetizationMode},
          {"profile-level-id", std::move(profileLevelId)},
          {"level-asymmetry-allowed", int64_t{1}}};
}

inline RtpCodecParameters Codec(std::string mimeType, uint8_t payloadType, uint32_t clockRate,
                                CodecParameters params = {}) {
  RtpCodecParameters c;
  c.mimeType = std::move(mimeType);
  c.payloadType = payloadType;
  c.clockRate = clockRate;
  c.parameters = std::move(params);
  return c;
}

inline RtpCodecParameters Rtx(uint8_t payloadType, int64_t apt) {
  return Codec("video/rtx", payloadType, 90000, {{"apt", apt}});
}

inline RtpEncodingParameters SsrcEncoding(uint32_t ssrc, std::optional<uint32_t> rtxSsrc = {}) {
  RtpEncodingParameters e;
  e.ssrc = ssrc;
  if (rtxSsrc) e.rtx = RtxParameters{*rtxSsrc};
  return e;
}

inline RtpEncodingParameters RidEncoding(std::string rid, std::string scalabilityMode = "L1T3") {
  RtpEncodingParameters e;
  e.rid = std::move(rid);
  e.scalabilityMode = std::move(scalabilityMode);
  return e;
}

// 1000, 1001, ...: deterministic "fresh" SSRCs.
inline SsrcSource Counter(uint32_t first = 1000) {
  return [next = first]() mutable { return next++; };
}

inline std::vector<RtcpFeedback> VideoFeedback() {
  return {{"nack", ""}, {"nack", "pli"}, {"ccm", "fir"}, {"goog-remb", ""}, {"transport-cc", ""}};
}

}  // namespace weir::sfu::ortc::test
