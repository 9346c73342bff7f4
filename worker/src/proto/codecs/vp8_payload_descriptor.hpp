#pragma once

// The VP8 payload descriptor (RFC 7741 4.2) and the parts of the VP8 payload header a forwarder
// reads (RFC 7741 4.3: the keyframe flag, and a keyframe's width and height from the frame
// header, RFC 6386 9.1). The in-place setters rewrite what a layer or stream switch rewrites
// without changing the length of the packet.
//
//        0 1 2 3 4 5 6 7
//       +-+-+-+-+-+-+-+-+
//       |X|R|N|S|R| PID | (REQUIRED)
//       +-+-+-+-+-+-+-+-+
//  X:   |I|L|T|K| RSV   | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
//  I:   |M| PictureID   | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
//  M:   |   PictureID   | (15-bit form)
//       +-+-+-+-+-+-+-+-+
//  L:   |   TL0PICIDX   | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+
//  T/K: |TID|Y| KEYIDX  | (OPTIONAL)
//       +-+-+-+-+-+-+-+-+

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "proto/codecs/payload_descriptor.hpp"

namespace weir::proto::codecs {

struct Vp8PayloadDescriptor : PayloadDescriptor {
  bool nonReference = false;      // N
  bool startOfPartition = false;  // S
  uint8_t partitionIndex = 0;     // PID
  std::optional<uint8_t> keyIdx;  // KEYIDX, when K=1.
  // temporalLayerId is TID (present when T=1), layerSync is Y.

  // Offsets of the rewritable fields in the parsed payload; 0 when the field is absent (offset
  // 0 is always the required first octet).
  uint8_t pictureIdOffset = 0;
  uint8_t tl0PicIdxOffset = 0;
  uint8_t tidKeyIdxOffset = 0;

  bool operator==(const Vp8PayloadDescriptor&) const = default;

  // Parses the descriptor and, at the start of a frame (S=1, PID=0), the keyframe flag and the
  // keyframe's resolution. Fails on truncation and when no VP8 data follows the descriptor.
  static std::optional<Vp8PayloadDescriptor> Parse(base::ByteView payload);

  // Writes the descriptor (not the VP8 data) from the fields above; X and the I/L/T/K bits are
  // derived from which optional fields are set. Returns the bytes written, 0 if out is too small.
  size_t Serialize(base::MutableByteView out) const;

  // In-place rewrites of the payload this descriptor was parsed from. Each returns false (and
  // writes nothing) when the field is absent or the payload is too short; on success the field
  // above is updated too. A picture id is written in the width the packet already has (7 or 15
  // bits, the value is reduced modulo that width).
  bool SetPictureId(base::MutableByteView payload, uint16_t value);
  bool SetTl0PicIdx(base::MutableByteView payload, uint8_t value);
  // Needs T=1; writes TID and Y, keeps KEYIDX.
  bool SetTemporalLayer(base::MutableByteView payload, uint8_t tid, bool layerSyncFlag);
  // Needs K=1; writes KEYIDX, keeps TID and Y.
  bool SetKeyIdx(base::MutableByteView payload, uint8_t value);
};

}  // namespace weir::proto::codecs
