#pragma once

// The common part of RTCP feedback messages (RFC 4585 6.1), transport-layer (RTPFB, PT 205)
// and payload-specific (PSFB, PT 206):
//
//   |V=2|P|   FMT   |       PT      |          length               |
//   |                  SSRC of packet sender                        |
//   |                  SSRC of media source                         |
//   :            Feedback Control Information (FCI)                 :
//
// The typed views (Nack, TransportFeedback, Pli, Sli, Rpsi, Fir, Remb) parse through
// FeedbackMessage and the builders write their first 12 bytes with WriteFeedbackHeader().

#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "proto/rtcp/packet.hpp"

namespace weir::proto::rtcp {

// FMT values of transport-layer feedback (RFC 4585 6.2, draft-holmer-...-transport-wide-cc).
enum class RtpfbFmt : uint8_t {
  kNack = 1,
  kTransportCc = 15,
};

// FMT values of payload-specific feedback (RFC 4585 6.3, RFC 5104 4.3).
enum class PsfbFmt : uint8_t {
  kPli = 1,
  kSli = 2,
  kRpsi = 3,
  kFir = 4,
  kAfb = 15,  // Application-layer feedback, e.g. REMB.
};

// Header (4) + sender SSRC (4) + media SSRC (4).
inline constexpr size_t kFeedbackHeaderSize = 12;

struct FeedbackMessage {
  uint32_t senderSsrc = 0;
  uint32_t mediaSsrc = 0;
  base::ByteView fci;

  // Matches the packet type and FMT and splits off the two SSRCs.
  static std::optional<FeedbackMessage> Parse(const Packet& packet, RtpfbFmt fmt);
  static std::optional<FeedbackMessage> Parse(const Packet& packet, PsfbFmt fmt);
};

// Writes the common header and both SSRCs into out[0..11].
void WriteFeedbackHeader(uint8_t* out, RtpfbFmt fmt, size_t packetSize, uint32_t senderSsrc,
                         uint32_t mediaSsrc, bool padding = false);
void WriteFeedbackHeader(uint8_t* out, PsfbFmt fmt, size_t packetSize, uint32_t senderSsrc,
                         uint32_t mediaSsrc, bool padding = false);

}  // namespace weir::proto::rtcp
