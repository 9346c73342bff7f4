#pragma once

// What Weir can route: the codecs a router may be created with and the RTP header extensions it
// announces. A router's capabilities are these, narrowed to its media codecs
// (router_capabilities.hpp).

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "sfu/rtp_parameters.hpp"

namespace weir::sfu::ortc {

struct SupportedCodec {
  MediaKind kind;
  const char* mimeType;  // Canonical spelling, as announced.
  uint32_t clockRate;
  std::optional<uint8_t> channels;           // Audio only.
  std::optional<uint8_t> staticPayloadType;  // RFC 3551 6, Table 4.
  std::vector<RtcpFeedback> rtcpFeedback;    // What Weir handles for this codec.
  CodecParameters parameters;                // Defaults the router announces.
};

std::span<const SupportedCodec> SupportedCodecs();

// The supported codec with this MIME type (case-insensitive); nullptr if none.
const SupportedCodec* FindSupportedCodec(std::string_view mimeType);

// Every header extension Weir announces, with its preferred id and direction from the router's
// point of view (recvonly: Weir reads it from producers but does not write it to consumers).
const std::vector<RtpHeaderExtensionCapability>& SupportedHeaderExtensions();

}  // namespace weir::sfu::ortc
