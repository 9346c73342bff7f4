#pragma once

// A router's RTP capabilities, computed from the media codecs it is created with
// (worker.createRouter `mediaCodecs`), in the shape mediasoup's router.rtpCapabilities has: what
// a mediasoup-client Device loads.

#include <vector>

#include "sfu/rtp_parameters.hpp"

namespace weir::sfu::ortc {

// For each media codec, in order: the supported codec it names (canonical MIME type, Weir's RTCP
// feedback, the default parameters merged under the given ones) with a preferred payload type,
// followed for video by a "video/rtx" codec (parameters {apt}); then every header extension Weir
// supports.
//
// Payload types: a given preferredPayloadType is kept when no earlier codec claimed it; then
// static ones (PCMU 0, PCMA 8, G722 9) when free; everything else takes the next free dynamic
// type, 100-127 then 96-99, in codec order (so VP8 100, its RTX 101, H264 102, ...).
//
// rtcpFeedback, when given, narrows Weir's feedback for that codec (entries Weir does not handle
// are dropped); when empty, the codec gets all of it.
//
// Throws TypeError naming the codec ("mediaCodecs[2]: unsupported codec video/H263") for an
// invalid mimeType, a kind that does not match it, an unsupported or RTX codec, a clock rate or
// channel count the codec does not have, a payload type outside 0-127 or in 64-95 (RFC 5761 4),
// malformed H.264/VP9 parameters, a codec that duplicates an earlier one (same MIME type, clock
// rate and channels; for H.264 also same packetization-mode and profile, for VP9 same
// profile-id), and more codecs than free payload types.
RtpCapabilities GenerateRouterRtpCapabilities(const std::vector<RtpCodecCapability>& mediaCodecs);

}  // namespace weir::sfu::ortc
