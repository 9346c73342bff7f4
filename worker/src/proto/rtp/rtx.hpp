#pragma once

// RTX retransmission payload format (RFC 4588 4): the retransmitted packet travels on its own
// SSRC, payload type and sequence numbers, and its payload starts with the 2-byte original
// sequence number (OSN) followed by the original payload. Both directions work in place on an
// RtpPacket; the header extensions, CSRCs, marker, timestamp and padding are kept as they are.

#include <cstdint>
#include <optional>

#include "proto/rtp/rtp_packet.hpp"

namespace weir::proto::rtp {

inline constexpr size_t kRtxOsnSize = 2;

// Turns an original packet into its RTX form. False (packet unchanged) when 2 more bytes do not
// fit in the capacity.
bool RtxEncapsulate(RtpPacket& packet, uint8_t rtxPayloadType, uint32_t rtxSsrc,
                    uint16_t rtxSequenceNumber);

// Restores the original packet from its RTX form: OSN back into the sequence number, the
// original payload type and SSRC. False (packet unchanged) when the payload is shorter than the
// OSN (RFC 4588 4: an RTX packet without one, e.g. padding only, carries nothing to restore).
bool RtxDecapsulate(RtpPacket& packet, uint8_t originalPayloadType, uint32_t originalSsrc);

// The OSN of an RTX packet, without changing it.
std::optional<uint16_t> RtxOriginalSequenceNumber(const RtpPacket& packet);

}  // namespace weir::proto::rtp
