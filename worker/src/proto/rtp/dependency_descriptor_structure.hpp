#pragma once

// The template dependency structure of the AV1 dependency descriptor (AV1 RTP spec, appendix
// A.8.2 template_dependency_structure()): sent with the first packet of a coded video sequence
// (a keyframe) and referenced by every later packet through frame_dependency_template_id.
//
// Fixed capacity, as the syntax bounds it: at most 64 templates (the template id is 6 bits), 32
// decode targets (dt_cnt_minus_one is 5 bits) and as many chains. A structure is kept per
// stream and replaced in place, never allocated per packet.

#include <array>
#include <cstdint>

#include "proto/rtp/dependency_descriptor_bits.hpp"

namespace weir::proto::rtp {

inline constexpr size_t kDdMaxTemplates = 64;
inline constexpr size_t kDdMaxDecodeTargets = 32;
inline constexpr size_t kDdMaxChains = kDdMaxDecodeTargets;
inline constexpr size_t kDdMaxSpatialLayers = kDdMaxTemplates;  // One step per template at most.
// Template fdiffs are unbounded in the syntax; real encoders use a handful (AV1 references at
// most 7 frames). A structure or descriptor with more is rejected.
inline constexpr size_t kDdMaxFdiffs = 16;

// AV1 RTP spec table A.1.
enum class DecodeTargetIndication : uint8_t {
  kNotPresent = 0,   // "-"
  kDiscardable = 1,  // "D"
  kSwitch = 2,       // "S"
  kRequired = 3,     // "R"
};

struct FrameDependencyTemplate {
  uint8_t spatialId = 0;
  uint8_t temporalId = 0;
  std::array<DecodeTargetIndication, kDdMaxDecodeTargets> dtis{};
  uint8_t fdiffCount = 0;
  std::array<uint8_t, kDdMaxFdiffs> fdiffs{};       // 1..16 (fdiff_minus_one is 4 bits).
  std::array<uint8_t, kDdMaxChains> chainFdiffs{};  // 0..15.
};

struct RenderResolution {
  uint32_t width = 0;  // 1..65536 (max_render_width_minus_1 is 16 bits).
  uint32_t height = 0;

  friend bool operator==(const RenderResolution&, const RenderResolution&) = default;
};

struct DependencyStructure {
  uint8_t templateIdOffset = 0;   // 0..63
  uint8_t decodeTargetCount = 1;  // 1..32
  uint8_t chainCount = 0;         // 0..decodeTargetCount
  uint8_t templateCount = 0;      // 1..64
  std::array<FrameDependencyTemplate, kDdMaxTemplates> templates{};
  // For each decode target: the chain protecting it (when chainCount > 0).
  std::array<uint8_t, kDdMaxDecodeTargets> decodeTargetProtectedBy{};
  // Derived (decode_target_layers()): the highest spatial/temporal id each target contains.
  std::array<uint8_t, kDdMaxDecodeTargets> decodeTargetSpatialId{};
  std::array<uint8_t, kDdMaxDecodeTargets> decodeTargetTemporalId{};
  bool hasResolutions = false;
  uint8_t spatialLayerCount = 1;  // MaxSpatialId + 1.
  std::array<RenderResolution, kDdMaxSpatialLayers> resolutions{};

  // The template a frame_dependency_template_id designates, or nullptr (A.8.2
  // frame_dependency_definition(): templateIndex = (id + 64 - offset) % 64).
  const FrameDependencyTemplate* FindTemplate(uint8_t templateId) const;
  // (1 << decodeTargetCount) - 1.
  uint32_t AllDecodeTargets() const;
  // Recomputes the derived fields from the templates (after building one by hand).
  void DeriveDecodeTargetLayers();

  // Compares what the wire carries (and what is derived from it), not unused array slots.
  friend bool operator==(const DependencyStructure& a, const DependencyStructure& b);
};

// template_dependency_structure() from the reader's position. False if malformed (including
// past the capacities above) or truncated.
bool ReadDependencyStructure(DdBitReader& reader, DependencyStructure* out);
// Writes it back. False if the structure cannot be expressed (templates not in layer order,
// values out of range) or the writer overflowed.
bool WriteDependencyStructure(const DependencyStructure& structure, DdBitWriter& writer);

}  // namespace weir::proto::rtp
