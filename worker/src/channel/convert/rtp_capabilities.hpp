#pragma once

// FromFbs/ToFbs for RtpCapabilities and its parts (channel-schema/rtp_parameters.fbs <->
// sfu/rtp_parameters.hpp). FromFbs checks what the wire format cannot: required strings present,
// enum values in range, payload types within 0-127; it throws TypeError naming the field, with
// `path` the name of the object being read ("mediaCodecs[2]", "rtpCapabilities"). Semantic checks
// are sfu/ortc's.

#include <string_view>
#include <vector>

#include "flatbuffers/flatbuffers.h"
#include "sfu/rtp_parameters.hpp"
#include "weir/fbs/rtp_parameters_generated.h"

namespace weir::channel {

sfu::MediaKind FromFbs(fbs::MediaKind kind, std::string_view path);
fbs::MediaKind ToFbs(sfu::MediaKind kind);

sfu::RtcpFeedback FromFbs(const fbs::RtcpFeedback& feedback, std::string_view path);
std::vector<sfu::RtcpFeedback> FromFbs(
    const flatbuffers::Vector<flatbuffers::Offset<fbs::RtcpFeedback>>* feedback,
    std::string_view path);
flatbuffers::Offset<fbs::RtcpFeedback> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                             const sfu::RtcpFeedback& feedback);

// kind, when absent, is taken from mimeType ("audio/..." or "video/...").
sfu::RtpCodecCapability FromFbs(const fbs::RtpCodecCapability& codec, std::string_view path);
// Each element is named "<path>[i]": FromFbs(body.mediaCodecs(), "mediaCodecs").
std::vector<sfu::RtpCodecCapability> FromFbs(
    const flatbuffers::Vector<flatbuffers::Offset<fbs::RtpCodecCapability>>* codecs,
    std::string_view path);
flatbuffers::Offset<fbs::RtpCodecCapability> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                                   const sfu::RtpCodecCapability& codec);

sfu::RtpHeaderExtensionCapability FromFbs(const fbs::RtpHeaderExtensionCapability& ext,
                                          std::string_view path);
flatbuffers::Offset<fbs::RtpHeaderExtensionCapability> ToFbs(
    flatbuffers::FlatBufferBuilder& builder, const sfu::RtpHeaderExtensionCapability& ext);

sfu::RtpCapabilities FromFbs(const fbs::RtpCapabilities& caps, std::string_view path);
flatbuffers::Offset<fbs::RtpCapabilities> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                                const sfu::RtpCapabilities& caps);

// Shared with rtp_parameters.hpp.
std::string RequiredString(const flatbuffers::String* s, std::string_view path, const char* field);
uint8_t PayloadTypeFromFbs(uint8_t payloadType, std::string_view path, const char* field);

}  // namespace weir::channel
