// Fuzzes the VP9 payload descriptor: parse; re-serialize and re-parse (same descriptor, same
// header size); the scalability structure's group of frames; in-place rewrites.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "proto/codecs/vp9_payload_descriptor.hpp"

using weir::proto::codecs::Vp9GofPicture;
using weir::proto::codecs::Vp9PayloadDescriptor;
using weir::proto::codecs::Vp9ScalabilityStructure;

#define FUZZ_CHECK(cond)           \
  do {                             \
    if (!(cond)) __builtin_trap(); \
  } while (0)

namespace {

bool SameSs(const Vp9ScalabilityStructure& a, const Vp9ScalabilityStructure& b) {
  if (a.numSpatialLayers != b.numSpatialLayers || a.hasResolutions != b.hasResolutions ||
      a.hasGof != b.hasGof || a.numGofPictures != b.numGofPictures) {
    return false;
  }
  if (a.hasResolutions && (a.widths != b.widths || a.heights != b.heights)) return false;
  Vp9GofPicture ga[256], gb[256];
  const size_t na = a.ReadGof(ga), nb = b.ReadGof(gb);
  if (na != nb || na != a.numGofPictures) return false;
  for (size_t i = 0; i < na; ++i) {
    if (!(ga[i] == gb[i])) return false;
  }
  return true;
}

bool Same(const Vp9PayloadDescriptor& a, const Vp9PayloadDescriptor& b) {
  if (!(static_cast<const weir::proto::codecs::PayloadDescriptor&>(a) ==
        static_cast<const weir::proto::codecs::PayloadDescriptor&>(b))) {
    return false;
  }
  if (a.interPicturePredicted != b.interPicturePredicted || a.flexibleMode != b.flexibleMode ||
      a.notReferenceForUpperSpatial != b.notReferenceForUpperSpatial ||
      a.interLayerDependency != b.interLayerDependency || a.numPDiffs != b.numPDiffs ||
      a.pDiffs != b.pDiffs || a.pictureIdOffset != b.pictureIdOffset ||
      a.tl0PicIdxOffset != b.tl0PicIdxOffset || a.ss.has_value() != b.ss.has_value()) {
    return false;
  }
  return !a.ss || SameSs(*a.ss, *b.ss);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> in(data, data + size);
  auto d = Vp9PayloadDescriptor::Parse(in);
  if (!d) return 0;
  FUZZ_CHECK(d->headerSize >= 1 && d->headerSize < size);
  FUZZ_CHECK(d->numPDiffs <= 3);
  FUZZ_CHECK(!d->isKeyFrame || (d->beginOfFrame && !d->interPicturePredicted));
  if (d->ss) {
    Vp9GofPicture gof[256];
    FUZZ_CHECK(d->ss->ReadGof(gof) == d->ss->numGofPictures);
  }

  std::vector<uint8_t> out(size);
  const size_t n = d->Serialize(out);
  FUZZ_CHECK(n == d->headerSize);
  out.resize(n);
  out.insert(out.end(), in.begin() + static_cast<std::ptrdiff_t>(n), in.end());
  const auto re = Vp9PayloadDescriptor::Parse(out);
  FUZZ_CHECK(re && Same(*re, *d));

  const uint16_t value = static_cast<uint16_t>(size * 2654435761u >> 9);
  {
    auto copy = in;
    auto cd = *d;
    const bool ok = cd.SetPictureId(copy, value);
    FUZZ_CHECK(ok == d->pictureId.has_value());
    if (ok) {
      const auto p = Vp9PayloadDescriptor::Parse(copy);
      FUZZ_CHECK(p && Same(*p, cd));
      FUZZ_CHECK(p->pictureId == (value & (d->pictureIdBits == 15 ? 0x7fff : 0x7f)));
      for (size_t i = 0; i < size; ++i) {
        const bool inField =
            i >= d->pictureIdOffset && i < d->pictureIdOffset + (d->pictureIdBits == 15 ? 2u : 1u);
        FUZZ_CHECK(inField || copy[i] == in[i]);
      }
    }
  }
  {
    auto copy = in;
    auto cd = *d;
    const bool ok = cd.SetTl0PicIdx(copy, static_cast<uint8_t>(value));
    FUZZ_CHECK(ok == d->tl0PicIdx.has_value());
    if (ok) {
      const auto p = Vp9PayloadDescriptor::Parse(copy);
      FUZZ_CHECK(p && Same(*p, cd) && p->tl0PicIdx == static_cast<uint8_t>(value));
      for (size_t i = 0; i < size; ++i)
        FUZZ_CHECK(i == d->tl0PicIdxOffset || copy[i] == in[i]);
    }
  }
  return 0;
}
