#include "proto/codecs/vp8_payload_descriptor.hpp"

#include "base/buffer_writer.hpp"
#include "proto/codecs/picture_id.hpp"

namespace weir::proto::codecs {

namespace {

constexpr uint8_t kX = 0x80, kN = 0x20, kS = 0x10, kPidMask = 0x07;
constexpr uint8_t kI = 0x80, kL = 0x40, kT = 0x20, kK = 0x10;
constexpr uint8_t kY = 0x20, kKeyIdxMask = 0x1f;

// RFC 7741 4.3: the VP8 payload header is the first 3 octets of the frame (the frame tag of
// RFC 6386 9.1, little-endian: P, the inverse keyframe flag, is its least significant bit). A
// keyframe's tag is followed by the start code 9d 01 2a and the 14-bit width and height (RFC
// 6386 9.1; the top 2 bits of each are the scaling mode).
constexpr size_t kPayloadHeaderSize = 3;
constexpr size_t kKeyFrameHeaderSize = 10;

uint16_t LoadLe16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] | (p[1] << 8));
}

}  // namespace

std::optional<Vp8PayloadDescriptor> Vp8PayloadDescriptor::Parse(base::ByteView payload) {
  const size_t size = payload.size();
  if (size == 0) return std::nullopt;
  Vp8PayloadDescriptor d;
  const uint8_t first = payload[0];
  d.nonReference = (first & kN) != 0;
  d.startOfPartition = (first & kS) != 0;
  d.partitionIndex = first & kPidMask;
  size_t pos = 1;
  if (first & kX) {
    if (pos >= size) return std::nullopt;
    const uint8_t ext = payload[pos++];
    if (ext & kI) {
      const auto pid = ReadPictureId(payload, pos);
      if (!pid) return std::nullopt;
      d.pictureIdOffset = static_cast<uint8_t>(pos);
      d.pictureId = pid->value;
      d.pictureIdBits = pid->bits;
      pos += pid->size();
    }
    if (ext & kL) {
      if (pos >= size) return std::nullopt;
      d.tl0PicIdxOffset = static_cast<uint8_t>(pos);
      d.tl0PicIdx = payload[pos++];
    }
    // RFC 7741 4.2: the TID/Y/KEYIDX octet is present when T or K is set; TID and Y are
    // ignored when T=0, KEYIDX when K=0.
    if (ext & (kT | kK)) {
      if (pos >= size) return std::nullopt;
      d.tidKeyIdxOffset = static_cast<uint8_t>(pos);
      const uint8_t tk = payload[pos++];
      if (ext & kT) {
        d.temporalLayerId = static_cast<uint8_t>(tk >> 6);
        d.layerSync = (tk & kY) != 0;
      }
      if (ext & kK) d.keyIdx = tk & kKeyIdxMask;
    }
  }
  d.headerSize = pos;
  // A packet carries at least one octet of VP8 data after its descriptor.
  if (pos >= size) return std::nullopt;

  d.beginOfFrame = d.startOfPartition && d.partitionIndex == 0;
  if (d.beginOfFrame) {
    const uint8_t* frame = &payload[pos];
    const size_t frameSize = size - pos;
    if (frameSize < kPayloadHeaderSize) return std::nullopt;
    d.isKeyFrame = (frame[0] & 0x01) == 0;
    if (d.isKeyFrame && frameSize >= kKeyFrameHeaderSize && frame[3] == 0x9d && frame[4] == 0x01 &&
        frame[5] == 0x2a) {
      d.width = LoadLe16(frame + 6) & 0x3fff;
      d.height = LoadLe16(frame + 8) & 0x3fff;
    }
  }
  return d;
}

size_t Vp8PayloadDescriptor::Serialize(base::MutableByteView out) const {
  const bool i = pictureId.has_value();
  const bool l = tl0PicIdx.has_value();
  const bool t = temporalLayerId.has_value();
  const bool k = keyIdx.has_value();
  const bool x = i || l || t || k;
  base::BufferWriter w(out);
  w.U8(static_cast<uint8_t>((x ? kX : 0) | (nonReference ? kN : 0) | (startOfPartition ? kS : 0) |
                            (partitionIndex & kPidMask)));
  if (x) w.U8(static_cast<uint8_t>((i ? kI : 0) | (l ? kL : 0) | (t ? kT : 0) | (k ? kK : 0)));
  if (i) {
    if (PictureIdBitsFor(pictureIdBits, *pictureId) == 15) {
      w.U16(static_cast<uint16_t>(0x8000 | (*pictureId & 0x7fff)));
    } else {
      w.U8(static_cast<uint8_t>(*pictureId & 0x7f));
    }
  }
  if (l) w.U8(*tl0PicIdx);
  if (t || k) {
    uint8_t tk = 0;
    if (t) tk |= static_cast<uint8_t>(((*temporalLayerId & 0x03) << 6) | (layerSync ? kY : 0));
    if (k) tk |= *keyIdx & kKeyIdxMask;
    w.U8(tk);
  }
  return w.ok() ? w.size() : 0;
}

bool Vp8PayloadDescriptor::SetPictureId(base::MutableByteView payload, uint16_t value) {
  if (!pictureId || pictureIdOffset == 0) return false;
  const auto written = WritePictureId(payload, pictureIdOffset, pictureIdBits, value);
  if (!written) return false;
  pictureId = *written;
  return true;
}

bool Vp8PayloadDescriptor::SetTl0PicIdx(base::MutableByteView payload, uint8_t value) {
  if (!tl0PicIdx || tl0PicIdxOffset == 0 || payload.size() <= tl0PicIdxOffset) return false;
  payload[tl0PicIdxOffset] = value;
  tl0PicIdx = value;
  return true;
}

bool Vp8PayloadDescriptor::SetTemporalLayer(base::MutableByteView payload, uint8_t tid,
                                            bool layerSyncFlag) {
  if (!temporalLayerId || tidKeyIdxOffset == 0 || payload.size() <= tidKeyIdxOffset) return false;
  tid &= 0x03;
  uint8_t& octet = payload[tidKeyIdxOffset];
  octet = static_cast<uint8_t>((tid << 6) | (layerSyncFlag ? kY : 0) | (octet & kKeyIdxMask));
  temporalLayerId = tid;
  layerSync = layerSyncFlag;
  return true;
}

bool Vp8PayloadDescriptor::SetKeyIdx(base::MutableByteView payload, uint8_t value) {
  if (!keyIdx || tidKeyIdxOffset == 0 || payload.size() <= tidKeyIdxOffset) return false;
  value &= kKeyIdxMask;
  uint8_t& octet = payload[tidKeyIdxOffset];
  octet = static_cast<uint8_t>((octet & ~kKeyIdxMask) | value);
  keyIdx = value;
  return true;
}

}  // namespace weir::proto::codecs
