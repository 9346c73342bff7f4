#pragma once

// Picture Loss Indication (RFC 4585 6.3.1): payload-specific feedback, FMT 1, no FCI. The
// media SSRC is the stream whose decoder lost sync; the SFU answers by asking that stream's
// producer for a keyframe.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/buffer_writer.hpp"
#include "base/bytes.hpp"
#include "proto/rtcp/feedback.hpp"
#include "proto/rtcp/packet.hpp"
#include "proto/rtcp/packet_builder.hpp"

namespace weir::proto::rtcp {

class Pli {
 public:
  // Fails unless the packet is a PSFB FMT 1. RFC 4585 says its length MUST be 2; any FCI bytes
  // are tolerated and ignored.
  static std::optional<Pli> Parse(const Packet& packet);

  uint32_t sender_ssrc() const { return senderSsrc_; }
  uint32_t media_ssrc() const { return mediaSsrc_; }

 private:
  Pli(uint32_t senderSsrc, uint32_t mediaSsrc) : senderSsrc_(senderSsrc), mediaSsrc_(mediaSsrc) {}
  uint32_t senderSsrc_;
  uint32_t mediaSsrc_;
};

struct PliBuilder {
  uint32_t senderSsrc = 0;
  uint32_t mediaSsrc = 0;

  size_t Size() const { return kFeedbackHeaderSize; }
  size_t Serialize(base::MutableByteView out) const;
  size_t Serialize(base::BufferWriter& writer) const { return SerializeToWriter(*this, writer); }
};

}  // namespace weir::proto::rtcp
