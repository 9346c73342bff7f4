#include "proto/rtp/rtp_packet_builder.hpp"

#include "base/buffer_writer.hpp"

namespace weir::proto::rtp {

RtpPacketBuilder& RtpPacketBuilder::SetPayloadType(uint8_t pt) {
  if (pt > 0x7F) valid_ = false;
  payloadType_ = pt;
  return *this;
}

RtpPacketBuilder& RtpPacketBuilder::AddCsrc(uint32_t csrc) {
  if (csrcCount_ == csrcs_.size()) {
    valid_ = false;
  } else {
    csrcs_[csrcCount_++] = csrc;
  }
  return *this;
}

RtpPacketBuilder& RtpPacketBuilder::AddExtension(uint8_t id, base::ByteView value) {
  bool duplicate = false;
  for (size_t i = 0; i < extCount_; ++i)
    duplicate = duplicate || ext_[i].id == id;
  if (id == 0 || value.size() > RtpPacket::kTwoByteMaxValueSize || duplicate ||
      extCount_ == ext_.size()) {
    valid_ = false;
  } else {
    ext_[extCount_++] = {id, value};
  }
  return *this;
}

RtpPacketBuilder& RtpPacketBuilder::SetRawExtensionBlock(uint16_t profile, base::ByteView block) {
  if (block.size() % 4 != 0 || block.size() / 4 > 0xFFFF) valid_ = false;
  raw_ = true;
  rawProfile_ = profile;
  rawBlock_ = block;
  return *this;
}

bool RtpPacketBuilder::OneByteForm() const {
  if (twoByte_) return false;
  for (size_t i = 0; i < extCount_; ++i) {
    const ExtensionElement& e = ext_[i];
    if (e.id > RtpPacket::kOneByteMaxId || e.value.empty() ||
        e.value.size() > RtpPacket::kOneByteMaxValueSize) {
      return false;
    }
  }
  return true;
}

size_t RtpPacketBuilder::ExtensionBlockSize() const {
  if (raw_) return 4 + rawBlock_.size();
  if (extCount_ == 0) return 0;
  const size_t elementHeader = OneByteForm() ? 1 : 2;
  size_t size = 0;
  for (size_t i = 0; i < extCount_; ++i)
    size += elementHeader + ext_[i].value.size();
  return 4 + size + base::PadTo4(size);
}

size_t RtpPacketBuilder::SerializedSize() const {
  if (!valid_) return 0;
  return RtpPacket::kFixedHeaderSize + 4 * csrcCount_ + ExtensionBlockSize() + payload_.size() +
         padding_;
}

size_t RtpPacketBuilder::Serialize(base::MutableByteView out) const {
  const size_t total = SerializedSize();
  if (total == 0 || total > out.size() || total > RtpPacket::kMaxSize) return 0;
  const size_t extSize = ExtensionBlockSize();

  base::BufferWriter w(out);
  // RFC 3550 5.1: V=2, P, X, CC | M, PT.
  w.U8(static_cast<uint8_t>(0x80 | (padding_ > 0 ? 0x20 : 0) | (extSize > 0 ? 0x10 : 0) |
                            csrcCount_));
  w.U8(static_cast<uint8_t>((marker_ ? 0x80 : 0) | payloadType_));
  w.U16(sequenceNumber_);
  w.U32(timestamp_);
  w.U32(ssrc_);
  for (size_t i = 0; i < csrcCount_; ++i)
    w.U32(csrcs_[i]);

  if (raw_) {
    w.U16(rawProfile_);
    w.U16(static_cast<uint16_t>(rawBlock_.size() / 4));
    w.Bytes(rawBlock_);
  } else if (extSize > 0) {
    const bool oneByte = OneByteForm();
    w.U16(oneByte ? RtpPacket::kOneByteProfile : RtpPacket::kTwoByteProfile);
    w.U16(static_cast<uint16_t>((extSize - 4) / 4));
    const size_t start = w.size();
    for (size_t i = 0; i < extCount_; ++i) {
      const ExtensionElement& e = ext_[i];
      if (oneByte) {  // RFC 8285 4.2: ID (4 bits), length - 1 (4 bits).
        w.U8(static_cast<uint8_t>((e.id << 4) | (e.value.size() - 1)));
      } else {  // RFC 8285 4.3: ID (8 bits), length (8 bits).
        w.U8(e.id);
        w.U8(static_cast<uint8_t>(e.value.size()));
      }
      w.Bytes(e.value);
    }
    w.Zeros(base::PadTo4(w.size() - start));
  }

  w.Bytes(payload_);
  if (padding_ > 0) {
    w.Zeros(padding_ - 1u);
    w.U8(padding_);
  }
  return w.ok() ? w.size() : 0;
}

std::optional<RtpPacket> RtpPacketBuilder::Build(base::MutableByteView buffer) const {
  size_t n = Serialize(buffer);
  if (n == 0) return std::nullopt;
  return RtpPacket::Parse(buffer, n);
}

RtpPacketBuilder RtpPacketBuilder::From(const RtpPacket& packet) {
  RtpPacketBuilder b;
  b.SetMarker(packet.marker())
      .SetPayloadType(packet.payload_type())
      .SetSequenceNumber(packet.sequence_number())
      .SetTimestamp(packet.timestamp())
      .SetSsrc(packet.ssrc())
      .SetPayload(packet.payload())
      .SetPadding(static_cast<uint8_t>(packet.padding_size()));
  for (size_t i = 0; i < packet.csrc_count(); ++i)
    b.AddCsrc(packet.csrc(i));
  if (packet.extension_form() == ExtensionForm::kOther) {
    b.SetRawExtensionBlock(packet.extension_profile(), packet.extension_block());
  } else {
    b.UseTwoByteExtensions(packet.extension_form() == ExtensionForm::kTwoByte);
    for (size_t i = 0; i < packet.extension_count(); ++i) {
      ExtensionElement e = packet.ExtensionAt(i);
      b.AddExtension(e.id, e.value);
    }
  }
  return b;
}

}  // namespace weir::proto::rtp
