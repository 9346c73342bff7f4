#pragma once

// Builds an RTP packet (RFC 3550 5.1) with header extensions (RFC 8285) into a caller-provided
// buffer. Used for packets the worker originates (probes, tests) and to check round trips:
// Serialize(From(Parse(bytes))) gives back the bytes of any packet this builder produced.
//
// The builder holds views of the extension values and the payload, not copies: they must outlive
// the call to Serialize(). Nothing allocates. Invalid input (a 16th CSRC, a bad extension id or
// size, a repeated id) marks the builder invalid and Serialize() then writes nothing.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "proto/rtp/rtp_packet.hpp"

namespace weir::proto::rtp {

class RtpPacketBuilder {
 public:
  RtpPacketBuilder& SetMarker(bool marker) {
    marker_ = marker;
    return *this;
  }
  RtpPacketBuilder& SetPayloadType(uint8_t pt);
  RtpPacketBuilder& SetSequenceNumber(uint16_t seq) {
    sequenceNumber_ = seq;
    return *this;
  }
  RtpPacketBuilder& SetTimestamp(uint32_t ts) {
    timestamp_ = ts;
    return *this;
  }
  RtpPacketBuilder& SetSsrc(uint32_t ssrc) {
    ssrc_ = ssrc;
    return *this;
  }
  RtpPacketBuilder& AddCsrc(uint32_t csrc);
  // Elements are written in the order added, without padding between them.
  RtpPacketBuilder& AddExtension(uint8_t id, base::ByteView value);
  // Forces the two-byte form even when every element would fit the one-byte form.
  RtpPacketBuilder& UseTwoByteExtensions(bool twoByte) {
    twoByte_ = twoByte;
    return *this;
  }
  // Writes a block with this profile and these bytes verbatim instead of the elements (for
  // profiles other than RFC 8285's). `block` must be a whole number of 32-bit words.
  RtpPacketBuilder& SetRawExtensionBlock(uint16_t profile, base::ByteView block);
  RtpPacketBuilder& SetPayload(base::ByteView payload) {
    payload_ = payload;
    return *this;
  }
  // RFC 3550 5.1 padding: `size` bytes, the last holding the count; 0 for none.
  RtpPacketBuilder& SetPadding(uint8_t size) {
    padding_ = size;
    return *this;
  }

  bool valid() const { return valid_; }
  // Bytes Serialize() writes; 0 when invalid.
  size_t SerializedSize() const;
  // Returns the bytes written, 0 when invalid or when `out` is too small.
  size_t Serialize(base::MutableByteView out) const;
  // Serializes into `buffer` and parses the result (the packet may then grow up to the buffer).
  std::optional<RtpPacket> Build(base::MutableByteView buffer) const;

  // A builder describing `packet`: same header fields, CSRCs, extension elements (or opaque
  // block), payload and padding size. Views point into the packet's buffer.
  static RtpPacketBuilder From(const RtpPacket& packet);

 private:
  bool OneByteForm() const;
  size_t ExtensionBlockSize() const;

  bool valid_ = true;
  bool marker_ = false;
  bool twoByte_ = false;
  uint8_t payloadType_ = 0;
  uint16_t sequenceNumber_ = 0;
  uint32_t timestamp_ = 0;
  uint32_t ssrc_ = 0;
  uint8_t padding_ = 0;
  size_t csrcCount_ = 0;
  std::array<uint32_t, RtpPacket::kMaxCsrcs> csrcs_{};
  size_t extCount_ = 0;
  std::array<ExtensionElement, RtpPacket::kMaxExtensions> ext_{};
  bool raw_ = false;
  uint16_t rawProfile_ = 0;
  base::ByteView rawBlock_;
  base::ByteView payload_;
};

}  // namespace weir::proto::rtp
