#include "proto/codecs/h265_payload_descriptor.hpp"

#include "proto/codecs/frame_marking.hpp"

namespace weir::proto::codecs {

namespace {

// H.265 Table 7-1 and RFC 7798 4.4.
constexpr uint8_t kTsaN = 2, kStsaR = 5;
constexpr uint8_t kIrapFirst = 16, kIrapLast = 23;
constexpr uint8_t kVps = 32, kSps = 33, kPps = 34, kAud = 35, kPrefixSei = 39;
constexpr uint8_t kAp = 48, kFu = 49, kPaci = 50;
constexpr size_t kNalHeaderSize = 2;

uint8_t TypeOf(uint8_t firstOctet) {
  return (firstOctet >> 1) & 0x3f;
}
bool IsPayloadStructure(uint8_t type) {
  return type >= kAp && type <= kPaci;
}

bool StartsFrame(uint8_t type, const uint8_t* next) {
  if (type == kVps || type == kSps || type == kPps || type == kAud || type == kPrefixSei) {
    return true;
  }
  if (type <= 31) return next != nullptr && (*next & 0x80) != 0;
  return false;
}

void Record(H265PayloadDescriptor* d, uint8_t type) {
  if (type >= kIrapFirst && type <= kIrapLast) d->hasIrap = true;
  if (type >= kTsaN && type <= kStsaR) d->layerSync = true;
  if (type == kVps) d->hasVps = true;
  if (type == kSps) d->hasSps = true;
  if (type == kPps) d->hasPps = true;
}

bool ParseAp(base::ByteView payload, H265PayloadDescriptor* d) {
  const size_t size = payload.size();
  size_t pos = kNalHeaderSize;
  while (pos < size) {
    if (size - pos < 2) return false;
    const size_t unitSize = base::LoadBe16(&payload[pos]);
    pos += 2;
    // Each aggregated unit has at least its 2-octet header and fits in the packet.
    if (unitSize < kNalHeaderSize || unitSize > size - pos) return false;
    const uint8_t type = TypeOf(payload[pos]);
    if (IsPayloadStructure(type)) return false;  // RFC 7798 4.4.2: no nested AP/FU/PACI.
    if (d->nalUnitCount == 0) {
      d->nalUnitType = type;
      d->beginOfFrame = StartsFrame(type, unitSize > 2 ? &payload[pos + 2] : nullptr);
    }
    Record(d, type);
    ++d->nalUnitCount;
    pos += unitSize;
  }
  if (d->nalUnitCount == 0) return false;
  d->headerSize = 4;
  return true;
}

bool ParseFu(base::ByteView payload, H265PayloadDescriptor* d) {
  if (payload.size() < 3) return false;
  const uint8_t fu = payload[2];
  d->fuStart = (fu & 0x80) != 0;
  d->fuEnd = (fu & 0x40) != 0;
  // RFC 7798 4.4.3: S and E are never both set; FuType is not an AP/FU/PACI.
  if (d->fuStart && d->fuEnd) return false;
  const uint8_t type = fu & 0x3f;
  if (IsPayloadStructure(type)) return false;
  d->nalUnitType = type;
  d->nalUnitCount = 1;
  d->headerSize = 3;
  if (type >= kIrapFirst && type <= kIrapLast) d->hasIrap = true;
  if (type >= kTsaN && type <= kStsaR) d->layerSync = true;
  if (d->fuStart) {
    Record(d, type);
    d->beginOfFrame = StartsFrame(type, payload.size() > 3 ? &payload[3] : nullptr);
  }
  return true;
}

}  // namespace

std::optional<H265PayloadDescriptor> H265PayloadDescriptor::Parse(base::ByteView payload,
                                                                  base::ByteView frameMarking) {
  if (payload.size() < kNalHeaderSize) return std::nullopt;
  H265PayloadDescriptor d;
  const uint8_t type = TypeOf(payload[0]);
  const uint8_t tid = payload[1] & 0x07;
  if (tid == 0) return std::nullopt;  // RFC 7798 1.1.4: TID 0 is illegal.
  d.temporalLayerId = static_cast<uint8_t>(tid - 1);
  d.layerId = static_cast<uint8_t>(((payload[0] & 0x01) << 5) | (payload[1] >> 3));
  d.spatialLayerId = d.layerId;
  if (type == kAp) {
    d.packetization = H265Packetization::kAggregation;
    if (!ParseAp(payload, &d)) return std::nullopt;
  } else if (type == kFu) {
    d.packetization = H265Packetization::kFragmentation;
    if (!ParseFu(payload, &d)) return std::nullopt;
  } else if (type == kPaci) {
    d.packetization = H265Packetization::kUnsupported;
    d.nalUnitType = type;
  } else {
    d.packetization = H265Packetization::kSingleNalUnit;
    d.nalUnitType = type;
    d.nalUnitCount = 1;
    Record(&d, type);
    d.beginOfFrame =
        StartsFrame(type, payload.size() > kNalHeaderSize ? &payload[kNalHeaderSize] : nullptr);
  }

  d.isKeyFrame = d.hasIrap || d.hasVps || d.hasSps;
  if (const auto fm = FrameMarking::Parse(frameMarking)) {
    d.beginOfFrame = fm->startOfFrame;
    d.endOfFrame = fm->endOfFrame;
    d.isKeyFrame = d.isKeyFrame || fm->independent;
    d.discardable = fm->discardable;
    d.layerSync = d.layerSync || fm->baseLayerSync;
    if (fm->tl0PicIdx) d.tl0PicIdx = fm->tl0PicIdx;
  }
  return d;
}

}  // namespace weir::proto::codecs
