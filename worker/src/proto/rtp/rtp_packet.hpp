#pragma once

// A zero-copy, mutable view of one RTP packet (RFC 3550 5.1) held in a caller-owned buffer.
//
// The buffer has a length (the bytes of the packet) and a capacity (buffer.size()), so that
// header extensions can grow and RTX can prepend its original sequence number without moving the
// packet elsewhere. Parse() validates every length field against the length it is given and
// indexes the header extension elements (RFC 8285) once into a small fixed array, so reading an
// extension by id afterwards does not rescan the bytes and nothing allocates.
//
// The forwarding path of the SFU rewrites SSRC, payload type, sequence number and timestamp per
// consumer and restores them afterwards; those setters are single stores into the buffer.
//
// Naming: trivial accessors are lower_snake_case (`ssrc()`, `size()`); operations and setters are
// PascalCase (`SetSsrc()`, `GetExtension()`).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace weir::proto::rtp {

// Which header extension form the packet carries (RFC 8285 4.2, 4.3); kOther is a block with a
// profile-defined value this code does not interpret (RFC 3550 5.3.1), kept as opaque bytes.
enum class ExtensionForm : uint8_t { kNone, kOneByte, kTwoByte, kOther };

// One header extension element: its local id and a view of its value.
struct ExtensionElement {
  uint8_t id = 0;
  base::ByteView value;
};

class RtpPacket {
 public:
  static constexpr size_t kFixedHeaderSize = 12;
  static constexpr size_t kMaxCsrcs = 15;
  // RTP rides on UDP or on RFC 4571 framing (16-bit length): no packet is longer. Offsets inside
  // the packet therefore fit in 16 bits, which keeps the extension index small.
  static constexpr size_t kMaxSize = 65535;
  // Distinct extension ids indexed per packet. The one-byte form has at most 14 ids; a two-byte
  // block with more distinct ids than this is rejected by Parse() (no real sender needs it).
  static constexpr size_t kMaxExtensions = 16;
  static constexpr uint16_t kOneByteProfile = 0xBEDE;  // RFC 8285 4.2
  static constexpr uint16_t kTwoByteProfile = 0x1000;  // RFC 8285 4.3: 0x100 + 4 "appbits"
  static constexpr uint16_t kTwoByteProfileMask = 0xFFF0;
  static constexpr uint8_t kOneByteMaxId = 14;
  static constexpr size_t kOneByteMaxValueSize = 16;
  static constexpr size_t kTwoByteMaxValueSize = 255;

  // `buffer` is the whole storage (its size is the capacity); the packet is its first `length`
  // bytes. Returns nothing when the bytes are not a well-formed RTP packet.
  static std::optional<RtpPacket> Parse(base::MutableByteView buffer, size_t length);

  // --- Fixed header (RFC 3550 5.1) ---
  uint8_t version() const { return data_[0] >> 6; }
  bool has_padding() const { return (data_[0] & 0x20) != 0; }
  bool has_extension() const { return (data_[0] & 0x10) != 0; }
  size_t csrc_count() const { return data_[0] & 0x0F; }
  bool marker() const { return (data_[1] & 0x80) != 0; }
  uint8_t payload_type() const { return data_[1] & 0x7F; }
  uint16_t sequence_number() const { return base::LoadBe16(data_ + 2); }
  uint32_t timestamp() const { return base::LoadBe32(data_ + 4); }
  uint32_t ssrc() const { return base::LoadBe32(data_ + 8); }
  // `index` < csrc_count().
  uint32_t csrc(size_t index) const { return base::LoadBe32(data_ + 12 + 4 * index); }

  void SetMarker(bool marker) {
    data_[1] = static_cast<uint8_t>((data_[1] & 0x7F) | (marker ? 0x80 : 0));
  }
  // Only the low 7 bits are used.
  void SetPayloadType(uint8_t pt) {
    data_[1] = static_cast<uint8_t>((data_[1] & 0x80) | (pt & 0x7F));
  }
  void SetSequenceNumber(uint16_t seq) { base::StoreBe16(data_ + 2, seq); }
  void SetTimestamp(uint32_t ts) { base::StoreBe32(data_ + 4, ts); }
  void SetSsrc(uint32_t ssrc) { base::StoreBe32(data_ + 8, ssrc); }

  // --- Sizes and views ---
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  // Fixed header + CSRCs + extension block.
  size_t header_size() const { return headerSize_; }
  size_t padding_size() const { return paddingSize_; }
  size_t payload_size() const { return size_ - headerSize_ - paddingSize_; }
  base::ByteView data() const { return {data_, size_}; }
  // The whole buffer, up to the capacity.
  base::MutableByteView buffer() const { return {data_, capacity_}; }
  base::ByteView payload() const { return {data_ + headerSize_, payload_size()}; }
  base::MutableByteView mutable_payload() { return {data_ + headerSize_, payload_size()}; }

  // Resizes the payload (its first bytes are kept, new bytes are unspecified) and drops any
  // padding. False when it does not fit in the capacity.
  bool SetPayloadSize(size_t size);
  // Replaces the padding with `size` bytes (RFC 3550 5.1: zeros, then the count in the last
  // byte); 0 removes it. False above 255 or beyond the capacity.
  bool SetPadding(size_t size);
  // Inserts `count` bytes (unspecified content) at the front of the payload, moving payload and
  // padding back; removes the first `count` payload bytes. RTX uses these (RFC 4588 4).
  bool ExpandPayloadFront(size_t count);
  bool TrimPayloadFront(size_t count);

  // --- Header extensions (RFC 8285) ---
  ExtensionForm extension_form() const { return form_; }
  // The 16-bit "defined by profile" field, 0 without a block.
  uint16_t extension_profile() const;
  // The block's elements area (after its 4-byte header), padding included.
  base::ByteView extension_block() const;
  size_t extension_count() const { return extCount_; }
  // Elements in the order they appear; `index` < extension_count().
  ExtensionElement ExtensionAt(size_t index) const;

  // O(1): a look-up in the index built by Parse() (at most kMaxExtensions entries).
  std::optional<base::ByteView> GetExtension(uint8_t id) const;
  bool HasExtension(uint8_t id) const { return Find(id) >= 0; }
  // Sets the value of element `id` (1..255), adding it if missing. A value that fits the
  // existing element is written in place; otherwise the block is rebuilt in place, moving the
  // payload within the capacity. Uses the one-byte form while every element fits it and switches
  // to the two-byte form when one does not (id > 14, empty value or value > 16 bytes); the
  // two-byte form needs "extmap-allow-mixed" to have been negotiated, which is the caller's
  // business. False (packet unchanged) when the capacity is insufficient, the id or size is
  // invalid, the block has a foreign profile, or the index is full. `value` may alias the packet.
  bool SetExtension(uint8_t id, base::ByteView value);
  // Removes element `id`, compacting the block (and dropping it when it becomes empty). False
  // when there is no such element.
  bool RemoveExtension(uint8_t id);

 private:
  struct Entry {
    uint8_t id;
    uint8_t size;
    uint16_t offset;  // Of the value, from the start of the packet.
  };

  RtpPacket() = default;

  bool ParseExtensions(size_t blockStart, size_t blockEnd);
  bool AddEntry(uint8_t id, size_t size, size_t offset);
  int Find(uint8_t id) const;
  bool OverwriteInPlace(size_t index, base::ByteView value);
  // Rewrites the block with element `id` set to `value` (or removed when `remove`).
  bool Rebuild(uint8_t id, base::ByteView value, bool remove);
  // Moves everything after the header so that the header becomes `newHeaderSize` bytes.
  void MoveTail(size_t newHeaderSize);
  size_t ExtensionBlockStart() const { return kFixedHeaderSize + 4 * csrc_count(); }

  uint8_t* data_ = nullptr;
  uint32_t capacity_ = 0;
  uint32_t size_ = 0;
  uint16_t headerSize_ = 0;
  uint8_t paddingSize_ = 0;
  uint8_t extCount_ = 0;
  ExtensionForm form_ = ExtensionForm::kNone;
  std::array<Entry, kMaxExtensions> ext_{};
};

}  // namespace weir::proto::rtp
