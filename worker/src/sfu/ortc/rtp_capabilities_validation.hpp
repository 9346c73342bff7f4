#pragma once

// Validation of RtpCapabilities as a remote endpoint gives them (mediasoup-client's
// device.rtpCapabilities, passed to router.canConsume and transport.consume). Lenient where
// mediasoup is (unknown codecs and extensions are fine: they simply match nothing), strict about
// shapes the matching relies on. Throws sfu::Error (TypeError) naming the field; normalizes
// channels like rtp_parameters_validation.hpp.

#include <string_view>

#include "sfu/rtp_parameters.hpp"

namespace weir::sfu::ortc {

void ValidateRtpCodecCapability(RtpCodecCapability& codec, std::string_view path);
void ValidateRtpHeaderExtensionCapability(const RtpHeaderExtensionCapability& ext,
                                          std::string_view path);
void ValidateRtpCapabilities(RtpCapabilities& caps, std::string_view path = "rtpCapabilities");

}  // namespace weir::sfu::ortc
