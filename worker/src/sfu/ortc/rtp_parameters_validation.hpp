#pragma once

// Validation of RtpParameters as a producer gives them (transport.produce), the checks
// mediasoup's ortc and RtpParameters apply, and a few more that keep the worker's later
// assumptions true (distinct payload types, SSRCs, RIDs and extension ids; RTX pointing at a
// media codec). Each function throws sfu::Error (TypeError) whose reason starts with the path of
// the offending field ("rtpParameters.encodings[1].rid: duplicated rid 'h'"), and normalizes
// what mediasoup normalizes: audio codecs without channels get 1, video codecs lose channels.

#include <cstdint>
#include <string_view>
#include <vector>

#include "sfu/rtp_parameters.hpp"

namespace weir::sfu::ortc {

// Shared with the capabilities validation.
MediaKind ValidateMimeType(std::string_view mimeType, std::string_view path);
void NormalizeChannels(MediaKind kind, std::optional<uint8_t>& channels, std::string_view path);
void ValidatePayloadType(unsigned payloadType, std::string_view path);
void ValidateRtcpFeedback(const std::vector<RtcpFeedback>& feedback, std::string_view path);
// RTX codecs: parameters.apt must be a payload type (RFC 4588 8.6). Returns it.
uint8_t ValidateRtxApt(const CodecParameters& params, std::string_view path);

void ValidateRtpCodecParameters(RtpCodecParameters& codec, std::string_view path);
void ValidateRtpHeaderExtensionParameters(const RtpHeaderExtensionParameters& ext,
                                          std::string_view path);
void ValidateRtpEncodingParameters(const RtpEncodingParameters& encoding, std::string_view path);
void ValidateRtcpParameters(const RtcpParameters& rtcp, std::string_view path);

// The whole of a producer's parameters, for a producer of `kind`: at least one codec, the first a
// media codec, every codec of that kind, payload types unique, every RTX codec's apt naming a
// media codec; extension ids unique; at least one encoding, each with an ssrc or a rid, SSRCs and
// RIDs unique, codecPayloadType naming a media codec, scalabilityMode parseable and, with several
// (simulcast) encodings, one spatial layer each.
void ValidateRtpParameters(RtpParameters& params, MediaKind kind,
                           std::string_view path = "rtpParameters");

}  // namespace weir::sfu::ortc
