#pragma once

// FromFbs/ToFbs for RtpParameters and its parts (channel-schema/rtp_parameters.fbs <->
// sfu/rtp_parameters.hpp). As rtp_capabilities.hpp: representational checks only, TypeError
// naming the field ("rtpParameters.codecs[0].payloadType: 200 is not a payload type (0-127)").

#include <string_view>

#include "flatbuffers/flatbuffers.h"
#include "sfu/rtp_parameters.hpp"
#include "weir/fbs/rtp_parameters_generated.h"

namespace weir::channel {

sfu::RtpCodecParameters FromFbs(const fbs::RtpCodecParameters& codec, std::string_view path);
flatbuffers::Offset<fbs::RtpCodecParameters> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                                   const sfu::RtpCodecParameters& codec);

sfu::RtpHeaderExtensionParameters FromFbs(const fbs::RtpHeaderExtensionParameters& ext,
                                          std::string_view path);
flatbuffers::Offset<fbs::RtpHeaderExtensionParameters> ToFbs(
    flatbuffers::FlatBufferBuilder& builder, const sfu::RtpHeaderExtensionParameters& ext);

sfu::RtpEncodingParameters FromFbs(const fbs::RtpEncodingParameters& encoding,
                                   std::string_view path);
flatbuffers::Offset<fbs::RtpEncodingParameters> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                                      const sfu::RtpEncodingParameters& encoding);

sfu::RtcpParameters FromFbs(const fbs::RtcpParameters& rtcp, std::string_view path);
flatbuffers::Offset<fbs::RtcpParameters> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                               const sfu::RtcpParameters& rtcp);

// An absent rtcp table reads as the defaults (no cname, reducedSize true).
sfu::RtpParameters FromFbs(const fbs::RtpParameters& params, std::string_view path);
flatbuffers::Offset<fbs::RtpParameters> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                              const sfu::RtpParameters& params);

}  // namespace weir::channel
