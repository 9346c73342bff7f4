#include "proto/codecs/av1_payload_descriptor.hpp"

#include "proto/codecs/leb128.hpp"

namespace weir::proto::codecs {

namespace {

constexpr uint8_t kZ = 0x80, kY = 0x40, kN = 0x08;
constexpr uint8_t kObuForbidden = 0x80, kObuExtension = 0x04, kObuHasSize = 0x02;

bool StartsFrame(uint8_t type) {
  switch (static_cast<Av1ObuType>(type)) {
    case Av1ObuType::kTileGroup:
    case Av1ObuType::kTileList:
    case Av1ObuType::kRedundantFrameHeader:
    case Av1ObuType::kPadding:
      return false;
    default:
      return true;
  }
}

struct ParseState {
  Av1PayloadDescriptor* d;
  bool sawObuHeader = false;
  bool sawNonDelimiter = false;
};

// Reads the OBU header at the start of an element. `fragment` is set for the last element of a
// packet with Y=1: it may end anywhere, even inside its header.
bool ParseObuHeader(base::ByteView element, bool fragment, ParseState* st) {
  Av1PayloadDescriptor* d = st->d;
  const uint8_t header = element[0];
  if (header & kObuForbidden) return false;  // AV1 5.3.2: obu_forbidden_bit is 0.
  const uint8_t type = (header >> 3) & 0x0f;
  size_t pos = 1;
  if (header & kObuExtension) {
    if (element.size() < 2) {
      if (!fragment) return false;
    } else {
      if (!d->temporalLayerId) {
        d->temporalLayerId = static_cast<uint8_t>(element[1] >> 5);
        d->spatialLayerId = static_cast<uint8_t>((element[1] >> 3) & 0x03);
      }
      pos = 2;
    }
  }
  if ((header & kObuHasSize) && pos < element.size()) {
    const auto obuSize = ReadLeb128(element.subspan(pos));
    if (!obuSize) {
      if (!fragment) return false;
    } else if (!fragment && obuSize->value > element.size() - pos - obuSize->size) {
      return false;
    }
  } else if ((header & kObuHasSize) && !fragment) {
    return false;  // The size field is missing.
  }

  if (!st->sawObuHeader) {
    st->sawObuHeader = true;
    d->firstObuType = type;
    d->beginOfFrame = !d->continuesObu && StartsFrame(type);
  }
  if (type == static_cast<uint8_t>(Av1ObuType::kSequenceHeader)) {
    d->hasSequenceHeader = true;
    // A sequence header first in the packet (temporal delimiters aside) starts a keyframe.
    if (!d->continuesObu && !st->sawNonDelimiter) d->isKeyFrame = true;
  }
  if (type != static_cast<uint8_t>(Av1ObuType::kTemporalDelimiter)) st->sawNonDelimiter = true;
  return true;
}

}  // namespace

std::optional<Av1PayloadDescriptor> Av1PayloadDescriptor::Parse(base::ByteView payload) {
  const size_t size = payload.size();
  if (size == 0) return std::nullopt;
  Av1PayloadDescriptor d;
  const uint8_t agg = payload[0];
  d.continuesObu = (agg & kZ) != 0;
  d.obuContinuesNext = (agg & kY) != 0;
  d.obuCountField = (agg >> 4) & 0x03;
  d.newCodedVideoSequence = (agg & kN) != 0;
  if (d.newCodedVideoSequence && d.continuesObu) return std::nullopt;
  d.headerSize = 1;

  ParseState st{&d};
  size_t pos = 1;
  while (pos < size) {
    const bool lastByCount = d.obuCountField != 0 && d.obuElementCount + 1 == d.obuCountField;
    size_t elementSize;
    if (lastByCount) {
      elementSize = size - pos;
    } else {
      const auto length = ReadLeb128(payload.subspan(pos));
      if (!length) return std::nullopt;
      pos += length->size;
      if (length->value == 0 || length->value > size - pos) return std::nullopt;
      elementSize = length->value;
    }
    const base::ByteView element = payload.subspan(pos, elementSize);
    const bool last = pos + elementSize == size;
    const bool continuation = d.obuElementCount == 0 && d.continuesObu;
    if (!continuation && !ParseObuHeader(element, last && d.obuContinuesNext, &st)) {
      return std::nullopt;
    }
    ++d.obuElementCount;
    pos += elementSize;
    if (lastByCount) break;
  }
  if (d.obuElementCount == 0) return std::nullopt;
  if (d.obuCountField != 0 && d.obuElementCount != d.obuCountField) return std::nullopt;
  d.isKeyFrame = d.isKeyFrame || d.newCodedVideoSequence;
  return d;
}

}  // namespace weir::proto::codecs
