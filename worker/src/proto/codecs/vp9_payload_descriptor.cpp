#include "proto/codecs/vp9_payload_descriptor.hpp"

#include "base/buffer_writer.hpp"
#include "proto/codecs/picture_id.hpp"

namespace weir::proto::codecs {

namespace {

constexpr uint8_t kI = 0x80, kP = 0x40, kL = 0x20, kF = 0x10, kB = 0x08, kE = 0x04, kV = 0x02,
                  kZ = 0x01;
constexpr uint8_t kU = 0x10, kD = 0x01;  // In the layer indices octet.
constexpr uint8_t kN = 0x01;             // In a P_DIFF octet.
constexpr uint8_t kSsY = 0x10, kSsG = 0x08;
constexpr size_t kMaxPDiffs = 3;

// Reads the scalability structure at payload[*pos]; advances *pos past it.
bool ParseSs(base::ByteView payload, size_t* pos, Vp9ScalabilityStructure* ss) {
  const size_t size = payload.size();
  size_t p = *pos;
  if (p >= size) return false;
  const uint8_t head = payload[p++];
  ss->numSpatialLayers = static_cast<uint8_t>((head >> 5) + 1);
  ss->hasResolutions = (head & kSsY) != 0;
  ss->hasGof = (head & kSsG) != 0;
  if (ss->hasResolutions) {
    if (size - p < size_t{4} * ss->numSpatialLayers) return false;
    for (size_t i = 0; i < ss->numSpatialLayers; ++i, p += 4) {
      ss->widths[i] = base::LoadBe16(&payload[p]);
      ss->heights[i] = base::LoadBe16(&payload[p + 2]);
    }
  }
  if (ss->hasGof) {
    if (p >= size) return false;
    ss->numGofPictures = payload[p++];
    const size_t gofStart = p;
    for (size_t i = 0; i < ss->numGofPictures; ++i) {
      if (p >= size) return false;
      const size_t refs = (payload[p++] >> 2) & 0x03;
      if (size - p < refs) return false;
      p += refs;
    }
    ss->gof = payload.subspan(gofStart, p - gofStart);
  }
  *pos = p;
  return true;
}

}  // namespace

size_t Vp9ScalabilityStructure::ReadGof(std::span<Vp9GofPicture> out) const {
  size_t p = 0;
  size_t n = 0;
  for (; n < numGofPictures && n < out.size(); ++n) {
    if (p >= gof.size()) break;  // Only a hand-built structure can be inconsistent.
    const uint8_t octet = gof[p++];
    Vp9GofPicture pic;
    pic.temporalLayerId = static_cast<uint8_t>(octet >> 5);
    pic.switchingUp = (octet & kU) != 0;
    pic.numRefs = static_cast<uint8_t>((octet >> 2) & 0x03);
    if (gof.size() - p < pic.numRefs) break;
    for (size_t r = 0; r < pic.numRefs; ++r)
      pic.pDiffs[r] = gof[p++];
    out[n] = pic;
  }
  return n;
}

std::optional<Vp9PayloadDescriptor> Vp9PayloadDescriptor::Parse(base::ByteView payload) {
  const size_t size = payload.size();
  if (size == 0) return std::nullopt;
  Vp9PayloadDescriptor d;
  const uint8_t first = payload[0];
  d.interPicturePredicted = (first & kP) != 0;
  d.flexibleMode = (first & kF) != 0;
  d.beginOfFrame = (first & kB) != 0;
  d.endOfFrame = (first & kE) != 0;
  d.notReferenceForUpperSpatial = (first & kZ) != 0;
  // RFC 9628 4.2: in flexible mode the picture id is required (the P_DIFFs refer to it).
  if (d.flexibleMode && !(first & kI)) return std::nullopt;
  size_t pos = 1;
  if (first & kI) {
    const auto pid = ReadPictureId(payload, pos);
    if (!pid) return std::nullopt;
    d.pictureIdOffset = static_cast<uint8_t>(pos);
    d.pictureId = pid->value;
    d.pictureIdBits = pid->bits;
    pos += pid->size();
  }
  if (first & kL) {
    if (pos >= size) return std::nullopt;
    const uint8_t layers = payload[pos++];
    d.temporalLayerId = static_cast<uint8_t>(layers >> 5);
    d.layerSync = (layers & kU) != 0;
    d.spatialLayerId = static_cast<uint8_t>((layers >> 1) & 0x07);
    d.interLayerDependency = (layers & kD) != 0;
    if (!d.flexibleMode) {
      if (pos >= size) return std::nullopt;
      d.tl0PicIdxOffset = static_cast<uint8_t>(pos);
      d.tl0PicIdx = payload[pos++];
    }
  }
  if (d.flexibleMode && d.interPicturePredicted) {
    bool more = true;
    while (more) {
      if (d.numPDiffs == kMaxPDiffs || pos >= size) return std::nullopt;
      const uint8_t octet = payload[pos++];
      d.pDiffs[d.numPDiffs++] = static_cast<uint8_t>(octet >> 1);
      more = (octet & kN) != 0;
    }
  }
  if (first & kV) {
    Vp9ScalabilityStructure ss;
    if (!ParseSs(payload, &pos, &ss)) return std::nullopt;
    d.ss = ss;
    const uint8_t sid = d.spatialLayerId.value_or(0);
    if (ss.hasResolutions && sid < ss.numSpatialLayers) {
      d.width = ss.widths[sid];
      d.height = ss.heights[sid];
    }
  }
  d.headerSize = pos;
  if (pos >= size) return std::nullopt;  // No VP9 data after the descriptor.
  d.isKeyFrame = !d.interPicturePredicted && d.beginOfFrame && d.spatialLayerId.value_or(0) == 0;
  return d;
}

size_t Vp9PayloadDescriptor::Serialize(base::MutableByteView out) const {
  const bool i = pictureId.has_value();
  const bool l = temporalLayerId.has_value() || spatialLayerId.has_value();
  base::BufferWriter w(out);
  w.U8(static_cast<uint8_t>((i ? kI : 0) | (interPicturePredicted ? kP : 0) | (l ? kL : 0) |
                            (flexibleMode ? kF : 0) | (beginOfFrame ? kB : 0) |
                            (endOfFrame ? kE : 0) | (ss ? kV : 0) |
                            (notReferenceForUpperSpatial ? kZ : 0)));
  if (i) {
    if (PictureIdBitsFor(pictureIdBits, *pictureId) == 15) {
      w.U16(static_cast<uint16_t>(0x8000 | (*pictureId & 0x7fff)));
    } else {
      w.U8(static_cast<uint8_t>(*pictureId & 0x7f));
    }
  }
  if (l) {
    w.U8(static_cast<uint8_t>(((temporalLayerId.value_or(0) & 0x07) << 5) | (layerSync ? kU : 0) |
                              ((spatialLayerId.value_or(0) & 0x07) << 1) |
                              (interLayerDependency ? kD : 0)));
    if (!flexibleMode) w.U8(tl0PicIdx.value_or(0));
  }
  if (flexibleMode && interPicturePredicted) {
    const size_t n = numPDiffs == 0 ? 1 : (numPDiffs > kMaxPDiffs ? kMaxPDiffs : numPDiffs);
    for (size_t k = 0; k < n; ++k) {
      w.U8(static_cast<uint8_t>((pDiffs[k] << 1) | (k + 1 < n ? kN : 0)));
    }
  }
  if (ss) {
    const uint8_t layers = ss->numSpatialLayers == 0 ? 1 : ss->numSpatialLayers;
    w.U8(static_cast<uint8_t>((((layers - 1) & 0x07) << 5) | (ss->hasResolutions ? kSsY : 0) |
                              (ss->hasGof ? kSsG : 0)));
    if (ss->hasResolutions) {
      for (size_t k = 0; k < layers && k < Vp9ScalabilityStructure::kMaxSpatialLayers; ++k) {
        w.U16(ss->widths[k]);
        w.U16(ss->heights[k]);
      }
    }
    if (ss->hasGof) {
      w.U8(ss->numGofPictures);
      w.Bytes(ss->gof);
    }
  }
  return w.ok() ? w.size() : 0;
}

bool Vp9PayloadDescriptor::SetPictureId(base::MutableByteView payload, uint16_t value) {
  if (!pictureId || pictureIdOffset == 0) return false;
  const auto written = WritePictureId(payload, pictureIdOffset, pictureIdBits, value);
  if (!written) return false;
  pictureId = *written;
  return true;
}

bool Vp9PayloadDescriptor::SetTl0PicIdx(base::MutableByteView payload, uint8_t value) {
  if (!tl0PicIdx || tl0PicIdxOffset == 0 || payload.size() <= tl0PicIdxOffset) return false;
  payload[tl0PicIdxOffset] = value;
  tl0PicIdx = value;
  return true;
}

}  // namespace weir::proto::codecs
