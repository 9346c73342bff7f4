// Fuzzes the VP8 payload descriptor: parse; re-serialize and re-parse (same descriptor); and
// each in-place rewrite, which must change only its own field and never the length.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "proto/codecs/vp8_payload_descriptor.hpp"

using weir::proto::codecs::Vp8PayloadDescriptor;

#define FUZZ_CHECK(cond)           \
  do {                             \
    if (!(cond)) __builtin_trap(); \
  } while (0)

namespace {

// The descriptor a re-parse must give, ignoring what the wire form does not determine: a
// Serialize drops an X octet with no I/L/T/K bits, which moves the offsets.
Vp8PayloadDescriptor Normalized(Vp8PayloadDescriptor d) {
  d.headerSize = 0;
  d.pictureIdOffset = d.tl0PicIdxOffset = d.tidKeyIdxOffset = 0;
  return d;
}

// Bytes outside [offset, offset + width) are unchanged.
bool OnlyChanged(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b, size_t offset,
                 size_t width) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if ((i < offset || i >= offset + width) && a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> in(data, data + size);
  auto d = Vp8PayloadDescriptor::Parse(in);
  if (!d) return 0;
  FUZZ_CHECK(d->headerSize >= 1 && d->headerSize < size);
  FUZZ_CHECK(!d->isKeyFrame || d->beginOfFrame);

  // Round trip: the serialized descriptor followed by the same VP8 data parses the same.
  std::vector<uint8_t> out(8);
  const size_t n = d->Serialize(out);
  FUZZ_CHECK(n >= 1 && n <= d->headerSize);
  out.resize(n);
  out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(d->headerSize), in.end());
  const auto re = Vp8PayloadDescriptor::Parse(out);
  FUZZ_CHECK(re && Normalized(*re) == Normalized(*d));

  // In-place rewrites with values taken from the input.
  const uint16_t value = static_cast<uint16_t>(size * 2654435761u >> 7);
  {
    auto copy = in;
    auto cd = *d;
    const bool ok = cd.SetPictureId(copy, value);
    FUZZ_CHECK(ok == d->pictureId.has_value());
    if (ok) {
      const auto p = Vp8PayloadDescriptor::Parse(copy);
      FUZZ_CHECK(p && p->pictureId == (value & (d->pictureIdBits == 15 ? 0x7fff : 0x7f)));
      FUZZ_CHECK(p->pictureIdBits == d->pictureIdBits && p->headerSize == d->headerSize);
      FUZZ_CHECK(*p == cd);
      FUZZ_CHECK(OnlyChanged(in, copy, d->pictureIdOffset, d->pictureIdBits == 15 ? 2 : 1));
    }
  }
  {
    auto copy = in;
    auto cd = *d;
    const bool ok = cd.SetTl0PicIdx(copy, static_cast<uint8_t>(value));
    FUZZ_CHECK(ok == d->tl0PicIdx.has_value());
    if (ok) {
      const auto p = Vp8PayloadDescriptor::Parse(copy);
      FUZZ_CHECK(p && *p == cd && p->tl0PicIdx == static_cast<uint8_t>(value));
      FUZZ_CHECK(OnlyChanged(in, copy, d->tl0PicIdxOffset, 1));
    }
  }
  {
    auto copy = in;
    auto cd = *d;
    const uint8_t tid = static_cast<uint8_t>(value & 3);
    const bool sync = (value & 4) != 0;
    const bool ok = cd.SetTemporalLayer(copy, tid, sync);
    FUZZ_CHECK(ok == d->temporalLayerId.has_value());
    if (ok) {
      const auto p = Vp8PayloadDescriptor::Parse(copy);
      FUZZ_CHECK(p && *p == cd && p->temporalLayerId == tid && p->layerSync == sync);
      FUZZ_CHECK(p->keyIdx == d->keyIdx);
      FUZZ_CHECK(OnlyChanged(in, copy, d->tidKeyIdxOffset, 1));
    }
  }
  {
    auto copy = in;
    auto cd = *d;
    const bool ok = cd.SetKeyIdx(copy, static_cast<uint8_t>(value >> 3));
    FUZZ_CHECK(ok == d->keyIdx.has_value());
    if (ok) {
      const auto p = Vp8PayloadDescriptor::Parse(copy);
      FUZZ_CHECK(p && *p == cd && p->temporalLayerId == d->temporalLayerId);
      FUZZ_CHECK(OnlyChanged(in, copy, d->tidKeyIdxOffset, 1));
    }
  }
  return 0;
}
