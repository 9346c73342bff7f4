#include "proto/rtp/dependency_descriptor.hpp"

#include <algorithm>

namespace weir::proto::rtp {
namespace {

void ReadMandatory(DdBitReader& r, DependencyDescriptor* out) {
  out->startOfFrame = r.ReadBit();
  out->endOfFrame = r.ReadBit();
  out->templateId = static_cast<uint8_t>(r.ReadBits(6));
  out->frameNumber = static_cast<uint16_t>(r.ReadBits(16));
}

// A.8.2 extended_descriptor_fields() after the structure, then frame_dependency_definition().
bool ReadFrame(DdBitReader& r, const DependencyStructure& s, DependencyDescriptor* out) {
  out->activeDecodeTargets.reset();
  if (out->activeDecodeTargetsPresent) {
    out->activeDecodeTargetsBitOffset = static_cast<uint16_t>(r.bit_position());
    out->activeDecodeTargets = r.ReadBits(s.decodeTargetCount);
  } else if (out->hasStructure) {
    out->activeDecodeTargets = s.AllDecodeTargets();
  }
  const FrameDependencyTemplate* tmpl = s.FindTemplate(out->templateId);
  if (tmpl == nullptr) return false;
  out->spatialId = tmpl->spatialId;
  out->temporalId = tmpl->temporalId;

  out->decodeTargetCount = s.decodeTargetCount;
  if (out->customDtis) {
    for (size_t dt = 0; dt < s.decodeTargetCount; ++dt) {
      out->dtis[dt] = static_cast<DecodeTargetIndication>(r.ReadBits(2));
    }
  } else {
    std::copy_n(tmpl->dtis.begin(), s.decodeTargetCount, out->dtis.begin());
  }

  if (out->customFdiffs) {
    // frame_fdiffs(): next_fdiff_size in 4-bit units, 0 ends the list.
    out->fdiffCount = 0;
    for (uint32_t size = r.ReadBits(2); size != 0 && r.ok(); size = r.ReadBits(2)) {
      if (out->fdiffCount == kDdMaxFdiffs) return false;
      out->fdiffs[out->fdiffCount++] = static_cast<uint16_t>(r.ReadBits(4 * size) + 1);
    }
  } else {
    out->fdiffCount = tmpl->fdiffCount;
    std::copy_n(tmpl->fdiffs.begin(), tmpl->fdiffCount, out->fdiffs.begin());
  }

  out->chainCount = s.chainCount;
  if (out->customChains) {
    for (size_t c = 0; c < s.chainCount; ++c) {
      out->chainFdiffs[c] = static_cast<uint8_t>(r.ReadBits(8));
    }
  } else {
    std::copy_n(tmpl->chainFdiffs.begin(), s.chainCount, out->chainFdiffs.begin());
  }

  out->resolution.reset();
  if (s.hasResolutions) out->resolution = s.resolutions[tmpl->spatialId];
  // Whatever remains is zero_padding, which receivers ignore (A.8.3).
  return r.ok();
}

// Kept apart so that the (large) structure is only built on the stack for the rare packets that
// carry one.
bool ReadFrameWithOwnStructure(DdBitReader& r, DependencyDescriptor* out) {
  DependencyStructure own;
  if (!ReadDependencyStructure(r, &own)) return false;
  return ReadFrame(r, own, out);
}

void ReadExtendedFlags(DdBitReader& r, DependencyDescriptor* out) {
  out->hasStructure = r.ReadBit();
  out->activeDecodeTargetsPresent = r.ReadBit();
  out->customDtis = r.ReadBit();
  out->customFdiffs = r.ReadBit();
  out->customChains = r.ReadBit();
}

}  // namespace

bool operator==(const DependencyDescriptor& a, const DependencyDescriptor& b) {
  return a.startOfFrame == b.startOfFrame && a.endOfFrame == b.endOfFrame &&
         a.templateId == b.templateId && a.frameNumber == b.frameNumber &&
         a.hasStructure == b.hasStructure &&
         a.activeDecodeTargetsPresent == b.activeDecodeTargetsPresent &&
         a.customDtis == b.customDtis && a.customFdiffs == b.customFdiffs &&
         a.customChains == b.customChains && a.activeDecodeTargets == b.activeDecodeTargets &&
         a.spatialId == b.spatialId && a.temporalId == b.temporalId &&
         a.decodeTargetCount == b.decodeTargetCount && a.fdiffCount == b.fdiffCount &&
         a.chainCount == b.chainCount && a.resolution == b.resolution &&
         std::equal(a.dtis.begin(), a.dtis.begin() + a.decodeTargetCount, b.dtis.begin()) &&
         std::equal(a.fdiffs.begin(), a.fdiffs.begin() + a.fdiffCount, b.fdiffs.begin()) &&
         std::equal(a.chainFdiffs.begin(), a.chainFdiffs.begin() + a.chainCount,
                    b.chainFdiffs.begin());
}

std::optional<DependencyDescriptorMandatory> ParseDependencyDescriptorMandatory(
    base::ByteView data) {
  if (data.size() < kDdMandatorySize) return std::nullopt;
  DependencyDescriptorMandatory m;
  m.startOfFrame = (data[0] & 0x80) != 0;
  m.endOfFrame = (data[0] & 0x40) != 0;
  m.templateId = data[0] & 0x3F;
  m.frameNumber = base::LoadBe16(&data[1]);
  return m;
}

bool ParseDependencyStructure(base::ByteView data, DependencyStructure* out) {
  if (data.size() <= kDdMandatorySize) return false;
  DdBitReader r(data);
  r.ReadBits(24);
  if (!r.ReadBit()) return false;  // template_dependency_structure_present_flag
  r.ReadBits(4);
  DependencyStructure parsed;
  if (!ReadDependencyStructure(r, &parsed)) return false;
  *out = parsed;
  return true;
}

bool ParseDependencyDescriptor(base::ByteView data, const DependencyStructure* latest,
                               DependencyDescriptor* out) {
  if (data.size() < kDdMandatorySize) return false;
  DdBitReader r(data);
  ReadMandatory(r, out);
  out->hasStructure = out->activeDecodeTargetsPresent = false;
  out->customDtis = out->customFdiffs = out->customChains = false;
  if (data.size() > kDdMandatorySize) ReadExtendedFlags(r, out);
  if (out->hasStructure) return ReadFrameWithOwnStructure(r, out);
  if (latest == nullptr) return false;
  return ReadFrame(r, *latest, out);
}

size_t SerializeDependencyDescriptor(const DependencyDescriptor& d, const DependencyStructure& s,
                                     base::MutableByteView out) {
  if (s.FindTemplate(d.templateId) == nullptr || d.templateId > 63) return 0;
  DdBitWriter w(out);
  w.WriteBit(d.startOfFrame);
  w.WriteBit(d.endOfFrame);
  w.WriteBits(d.templateId, 6);
  w.WriteBits(d.frameNumber, 16);
  bool extended = d.hasStructure || d.activeDecodeTargetsPresent || d.customDtis ||
                  d.customFdiffs || d.customChains;
  if (extended) {
    w.WriteBit(d.hasStructure);
    w.WriteBit(d.activeDecodeTargetsPresent);
    w.WriteBit(d.customDtis);
    w.WriteBit(d.customFdiffs);
    w.WriteBit(d.customChains);
    if (d.hasStructure && !WriteDependencyStructure(s, w)) return 0;
    if (d.activeDecodeTargetsPresent) {
      if (!d.activeDecodeTargets) return 0;
      w.WriteBits(*d.activeDecodeTargets & s.AllDecodeTargets(), s.decodeTargetCount);
    }
  }
  if (d.customDtis) {
    for (size_t dt = 0; dt < s.decodeTargetCount; ++dt) {
      w.WriteBits(static_cast<uint32_t>(d.dtis[dt]), 2);
    }
  }
  if (d.customFdiffs) {
    if (d.fdiffCount > kDdMaxFdiffs) return 0;
    for (size_t i = 0; i < d.fdiffCount; ++i) {
      if (d.fdiffs[i] < 1 || d.fdiffs[i] > 4096) return 0;
      uint32_t v = d.fdiffs[i] - 1u;
      uint32_t size = v < 16 ? 1 : v < 256 ? 2 : 3;
      w.WriteBits(size, 2);
      w.WriteBits(v, static_cast<int>(4 * size));
    }
    w.WriteBits(0, 2);
  }
  if (d.customChains) {
    for (size_t c = 0; c < s.chainCount; ++c)
      w.WriteBits(d.chainFdiffs[c], 8);
  }
  if (!w.ok()) return 0;
  return w.bytes();
}

bool RewriteActiveDecodeTargets(base::MutableByteView data, const DependencyDescriptor& d,
                                uint32_t mask) {
  if (!d.activeDecodeTargetsPresent) return false;
  size_t offset = d.activeDecodeTargetsBitOffset;
  size_t bits = d.decodeTargetCount;
  if (offset < kDdMandatorySize * 8 || offset + bits > data.size() * 8) return false;
  for (size_t i = 0; i < bits; ++i) {
    // Bit i of the mask is the (bits - 1 - i)-th bit written: f(DtCnt) is most significant first.
    size_t pos = offset + bits - 1 - i;
    uint8_t bit = static_cast<uint8_t>(1u << (7 - (pos & 7)));
    if ((mask >> i) & 1) {
      data[pos >> 3] |= bit;
    } else {
      data[pos >> 3] &= static_cast<uint8_t>(~bit);
    }
  }
  return true;
}

}  // namespace weir::proto::rtp
