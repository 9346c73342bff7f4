#include "proto/codecs/h264_payload_descriptor.hpp"

#include "proto/codecs/frame_marking.hpp"

namespace weir::proto::codecs {

namespace {

// RFC 6184 Table 1 and H.264 Table 7-1.
constexpr uint8_t kSlice = 1, kIdr = 5, kSei = 6, kSps = 7, kPps = 8, kAud = 9;
constexpr uint8_t kStapA = 24, kStapB = 25, kMtap16 = 26, kMtap24 = 27, kFuA = 28, kFuB = 29;
constexpr uint8_t kTypeMask = 0x1f;

bool IsNalUnitType(uint8_t type) {
  return type >= 1 && type <= 23;
}

// True when a NAL unit of this type, whose payload (after the 1-octet header) starts with
// `next` (if any), may begin an access unit (see the header).
bool StartsFrame(uint8_t type, const uint8_t* next) {
  switch (type) {
    case kAud:
    case kSei:
    case kSps:
    case kPps:
      return true;
    case kSlice:
    case kIdr:
      return next != nullptr && (*next & 0x80) != 0;
    default:
      return false;
  }
}

void Record(H264PayloadDescriptor* d, uint8_t type) {
  if (type == kIdr) d->hasIdr = true;
  if (type == kSps) d->hasSps = true;
  if (type == kPps) d->hasPps = true;
}

bool ParseStapA(base::ByteView payload, H264PayloadDescriptor* d) {
  const size_t size = payload.size();
  size_t pos = 1;
  while (pos < size) {
    if (size - pos < 2) return false;
    const size_t unitSize = base::LoadBe16(&payload[pos]);
    pos += 2;
    if (unitSize == 0 || unitSize > size - pos) return false;
    const uint8_t type = payload[pos] & kTypeMask;
    if (!IsNalUnitType(type)) return false;  // RFC 6184 5.7.1: no nested aggregation.
    if (d->nalUnitCount == 0) {
      d->nalUnitType = type;
      d->beginOfFrame = StartsFrame(type, unitSize > 1 ? &payload[pos + 1] : nullptr);
    }
    Record(d, type);
    ++d->nalUnitCount;
    pos += unitSize;
  }
  if (d->nalUnitCount == 0) return false;
  d->headerSize = 3;
  return true;
}

bool ParseFuA(base::ByteView payload, H264PayloadDescriptor* d) {
  if (payload.size() < 2) return false;
  const uint8_t fu = payload[1];
  d->fuStart = (fu & 0x80) != 0;
  d->fuEnd = (fu & 0x40) != 0;
  // RFC 6184 5.8: S and E are never both set; the fragmented unit is not itself an aggregation
  // or fragmentation unit.
  if (d->fuStart && d->fuEnd) return false;
  const uint8_t type = fu & kTypeMask;
  if (!IsNalUnitType(type)) return false;
  d->nalUnitType = type;
  d->nalUnitCount = 1;
  d->headerSize = 2;
  if (type == kIdr) d->hasIdr = true;
  if (d->fuStart) {
    Record(d, type);
    d->beginOfFrame = StartsFrame(type, payload.size() > 2 ? &payload[2] : nullptr);
  }
  return true;
}

}  // namespace

std::optional<H264PayloadDescriptor> H264PayloadDescriptor::Parse(
    base::ByteView payload, base::ByteView frameMarking, std::optional<uint8_t> ddTemporalLayerId) {
  if (payload.empty()) return std::nullopt;
  H264PayloadDescriptor d;
  const uint8_t header = payload[0];
  const uint8_t type = header & kTypeMask;
  d.nri = static_cast<uint8_t>((header >> 5) & 0x03);
  if (IsNalUnitType(type)) {
    d.packetization = H264Packetization::kSingleNalUnit;
    d.nalUnitType = type;
    d.nalUnitCount = 1;
    Record(&d, type);
    d.beginOfFrame = StartsFrame(type, payload.size() > 1 ? &payload[1] : nullptr);
  } else if (type == kStapA) {
    d.packetization = H264Packetization::kStapA;
    if (!ParseStapA(payload, &d)) return std::nullopt;
  } else if (type == kFuA) {
    d.packetization = H264Packetization::kFuA;
    if (!ParseFuA(payload, &d)) return std::nullopt;
  } else if (type == kStapB || type == kMtap16 || type == kMtap24 || type == kFuB) {
    d.packetization = H264Packetization::kUnsupported;
    d.nalUnitType = type;
  } else {
    return std::nullopt;  // 0, 30, 31.
  }

  d.isKeyFrame = d.hasIdr || d.hasSps;
  if (const auto fm = FrameMarking::Parse(frameMarking)) {
    d.beginOfFrame = fm->startOfFrame;
    d.endOfFrame = fm->endOfFrame;
    d.isKeyFrame = d.isKeyFrame || fm->independent;
    d.discardable = fm->discardable;
    d.layerSync = fm->baseLayerSync;
    d.temporalLayerId = fm->temporalLayerId;
    d.tl0PicIdx = fm->tl0PicIdx;
  }
  if (ddTemporalLayerId) d.temporalLayerId = ddTemporalLayerId;
  return d;
}

}  // namespace weir::proto::codecs
