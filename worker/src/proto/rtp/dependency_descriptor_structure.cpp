#include "proto/rtp/dependency_descriptor_structure.hpp"

#include <algorithm>

namespace weir::proto::rtp {
namespace {

// AV1 RTP spec table A.2.
enum NextLayerIdc : uint32_t { kSameLayer = 0, kNextTemporal = 1, kNextSpatial = 2, kNoMore = 3 };

bool ReadTemplateLayers(DdBitReader& r, DependencyStructure* s) {
  uint8_t spatialId = 0;
  uint8_t temporalId = 0;
  size_t count = 0;
  uint32_t idc;
  do {
    if (count == kDdMaxTemplates) return false;  // The 65th template cannot be referenced.
    s->templates[count].spatialId = spatialId;
    s->templates[count].temporalId = temporalId;
    ++count;
    idc = r.ReadBits(2);
    if (idc == kNextTemporal) {
      ++temporalId;
    } else if (idc == kNextSpatial) {
      temporalId = 0;
      ++spatialId;
    }
  } while (idc != kNoMore && r.ok());
  s->templateCount = static_cast<uint8_t>(count);
  s->spatialLayerCount = static_cast<uint8_t>(spatialId + 1);
  return r.ok();
}

bool ReadTemplateFdiffs(DdBitReader& r, DependencyStructure* s) {
  for (size_t t = 0; t < s->templateCount; ++t) {
    FrameDependencyTemplate& tmpl = s->templates[t];
    tmpl.fdiffCount = 0;
    while (r.ReadBit()) {  // fdiff_follows_flag
      if (tmpl.fdiffCount == kDdMaxFdiffs) return false;
      tmpl.fdiffs[tmpl.fdiffCount++] = static_cast<uint8_t>(r.ReadBits(4) + 1);
    }
    if (!r.ok()) return false;
  }
  return true;
}

void ReadTemplateChains(DdBitReader& r, DependencyStructure* s) {
  s->chainCount = static_cast<uint8_t>(r.ReadNonSymmetric(s->decodeTargetCount + 1u));
  if (s->chainCount == 0) return;
  for (size_t dt = 0; dt < s->decodeTargetCount; ++dt) {
    s->decodeTargetProtectedBy[dt] = static_cast<uint8_t>(r.ReadNonSymmetric(s->chainCount));
  }
  for (size_t t = 0; t < s->templateCount; ++t) {
    for (size_t c = 0; c < s->chainCount; ++c) {
      s->templates[t].chainFdiffs[c] = static_cast<uint8_t>(r.ReadBits(4));
    }
  }
}

}  // namespace

const FrameDependencyTemplate* DependencyStructure::FindTemplate(uint8_t templateId) const {
  size_t index = (templateId + kDdMaxTemplates - templateIdOffset) % kDdMaxTemplates;
  return index < templateCount ? &templates[index] : nullptr;
}

uint32_t DependencyStructure::AllDecodeTargets() const {
  return decodeTargetCount >= 32 ? 0xFFFFFFFFu : (uint32_t{1} << decodeTargetCount) - 1;
}

void DependencyStructure::DeriveDecodeTargetLayers() {
  // A.8.2 decode_target_layers(): the highest layers of the templates present in the target.
  for (size_t dt = 0; dt < decodeTargetCount; ++dt) {
    uint8_t spatialId = 0;
    uint8_t temporalId = 0;
    for (size_t t = 0; t < templateCount; ++t) {
      if (templates[t].dtis[dt] == DecodeTargetIndication::kNotPresent) continue;
      spatialId = std::max(spatialId, templates[t].spatialId);
      temporalId = std::max(temporalId, templates[t].temporalId);
    }
    decodeTargetSpatialId[dt] = spatialId;
    decodeTargetTemporalId[dt] = temporalId;
  }
}

bool operator==(const DependencyStructure& a, const DependencyStructure& b) {
  if (a.templateIdOffset != b.templateIdOffset || a.decodeTargetCount != b.decodeTargetCount ||
      a.chainCount != b.chainCount || a.templateCount != b.templateCount ||
      a.hasResolutions != b.hasResolutions || a.spatialLayerCount != b.spatialLayerCount) {
    return false;
  }
  const size_t dts = a.decodeTargetCount;
  for (size_t t = 0; t < a.templateCount; ++t) {
    const auto& x = a.templates[t];
    const auto& y = b.templates[t];
    if (x.spatialId != y.spatialId || x.temporalId != y.temporalId ||
        x.fdiffCount != y.fdiffCount ||
        !std::equal(x.dtis.begin(), x.dtis.begin() + dts, y.dtis.begin()) ||
        !std::equal(x.fdiffs.begin(), x.fdiffs.begin() + x.fdiffCount, y.fdiffs.begin()) ||
        !std::equal(x.chainFdiffs.begin(), x.chainFdiffs.begin() + a.chainCount,
                    y.chainFdiffs.begin())) {
      return false;
    }
  }
  if (a.chainCount > 0 &&
      !std::equal(a.decodeTargetProtectedBy.begin(), a.decodeTargetProtectedBy.begin() + dts,
                  b.decodeTargetProtectedBy.begin())) {
    return false;
  }
  if (!std::equal(a.decodeTargetSpatialId.begin(), a.decodeTargetSpatialId.begin() + dts,
                  b.decodeTargetSpatialId.begin()) ||
      !std::equal(a.decodeTargetTemporalId.begin(), a.decodeTargetTemporalId.begin() + dts,
                  b.decodeTargetTemporalId.begin())) {
    return false;
  }
  return !a.hasResolutions ||
         std::equal(a.resolutions.begin(), a.resolutions.begin() + a.spatialLayerCount,
                    b.resolutions.begin());
}

bool ReadDependencyStructure(DdBitReader& r, DependencyStructure* s) {
  s->templateIdOffset = static_cast<uint8_t>(r.ReadBits(6));
  s->decodeTargetCount = static_cast<uint8_t>(r.ReadBits(5) + 1);
  if (!ReadTemplateLayers(r, s)) return false;
  for (size_t t = 0; t < s->templateCount; ++t) {  // template_dtis()
    for (size_t dt = 0; dt < s->decodeTargetCount; ++dt) {
      s->templates[t].dtis[dt] = static_cast<DecodeTargetIndication>(r.ReadBits(2));
    }
  }
  if (!ReadTemplateFdiffs(r, s)) return false;
  ReadTemplateChains(r, s);
  s->DeriveDecodeTargetLayers();
  s->hasResolutions = r.ReadBit();
  if (s->hasResolutions) {
    for (size_t sid = 0; sid < s->spatialLayerCount; ++sid) {
      s->resolutions[sid].width = r.ReadBits(16) + 1;
      s->resolutions[sid].height = r.ReadBits(16) + 1;
    }
  }
  return r.ok();
}

bool WriteDependencyStructure(const DependencyStructure& s, DdBitWriter& w) {
  if (s.templateCount == 0 || s.templateCount > kDdMaxTemplates || s.templateIdOffset > 63 ||
      s.decodeTargetCount == 0 || s.decodeTargetCount > kDdMaxDecodeTargets ||
      s.chainCount > s.decodeTargetCount || s.spatialLayerCount == 0 ||
      s.spatialLayerCount > kDdMaxSpatialLayers) {
    return false;
  }
  w.WriteBits(s.templateIdOffset, 6);
  w.WriteBits(s.decodeTargetCount - 1u, 5);
  // template_layers(): each step is expressible only in layer order, starting at S0T0.
  if (s.templates[0].spatialId != 0 || s.templates[0].temporalId != 0) return false;
  for (size_t t = 0; t < s.templateCount; ++t) {
    uint32_t idc = kNoMore;
    if (t + 1 < s.templateCount) {
      const auto& cur = s.templates[t];
      const auto& next = s.templates[t + 1];
      if (next.spatialId == cur.spatialId && next.temporalId == cur.temporalId) {
        idc = kSameLayer;
      } else if (next.spatialId == cur.spatialId && next.temporalId == cur.temporalId + 1) {
        idc = kNextTemporal;
      } else if (next.spatialId == cur.spatialId + 1 && next.temporalId == 0) {
        idc = kNextSpatial;
      } else {
        return false;
      }
    } else if (s.templates[t].spatialId + 1u != s.spatialLayerCount) {
      return false;
    }
    w.WriteBits(idc, 2);
  }
  for (size_t t = 0; t < s.templateCount; ++t) {
    for (size_t dt = 0; dt < s.decodeTargetCount; ++dt) {
      w.WriteBits(static_cast<uint32_t>(s.templates[t].dtis[dt]), 2);
    }
  }
  for (size_t t = 0; t < s.templateCount; ++t) {
    const auto& tmpl = s.templates[t];
    if (tmpl.fdiffCount > kDdMaxFdiffs) return false;
    for (size_t i = 0; i < tmpl.fdiffCount; ++i) {
      if (tmpl.fdiffs[i] < 1 || tmpl.fdiffs[i] > 16) return false;
      w.WriteBit(true);
      w.WriteBits(tmpl.fdiffs[i] - 1u, 4);
    }
    w.WriteBit(false);
  }
  w.WriteNonSymmetric(s.chainCount, s.decodeTargetCount + 1u);
  if (s.chainCount > 0) {
    for (size_t dt = 0; dt < s.decodeTargetCount; ++dt) {
      if (s.decodeTargetProtectedBy[dt] >= s.chainCount) return false;
      w.WriteNonSymmetric(s.decodeTargetProtectedBy[dt], s.chainCount);
    }
    for (size_t t = 0; t < s.templateCount; ++t) {
      for (size_t c = 0; c < s.chainCount; ++c) {
        if (s.templates[t].chainFdiffs[c] > 15) return false;
        w.WriteBits(s.templates[t].chainFdiffs[c], 4);
      }
    }
  }
  w.WriteBit(s.hasResolutions);
  if (s.hasResolutions) {
    for (size_t sid = 0; sid < s.spatialLayerCount; ++sid) {
      const auto& res = s.resolutions[sid];
      if (res.width < 1 || res.width > 65536 || res.height < 1 || res.height > 65536) return false;
      w.WriteBits(res.width - 1, 16);
      w.WriteBits(res.height - 1, 16);
    }
  }
  return w.ok();
}

}  // namespace weir::proto::rtp
