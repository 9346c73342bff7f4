#pragma once

// The AV1 Dependency Descriptor RTP header extension (AV1 RTP spec, appendix A;
// "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension").
// It tells an SFU, without looking at the (possibly end-to-end encrypted) payload, the frame's
// layers, its decode target indications, the frames it references and the chains it follows.
//
// Most packets carry only the 3 mandatory bytes and point at a template of a structure that a
// previous packet (the keyframe's) carried. So parsing is in two parts:
//   - ParseDependencyStructure() extracts the structure from a packet that carries one, to be
//     kept per stream;
//   - ParseDependencyDescriptor() describes one packet's frame against the latest structure (or
//     the one the packet itself carries).
// Neither allocates. SerializeDependencyDescriptor() writes a descriptor back (the SFU's
// re-serialization when it changes the active decode targets), and
// RewriteActiveDecodeTargets() patches the mask in place when the packet already has one.

#include <array>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "proto/rtp/dependency_descriptor_structure.hpp"

namespace weir::proto::rtp {

// The size of the mandatory fields (A.8.2 mandatory_descriptor_fields()).
inline constexpr size_t kDdMandatorySize = 3;

struct DependencyDescriptorMandatory {
  bool startOfFrame = false;
  bool endOfFrame = false;
  uint8_t templateId = 0;  // frame_dependency_template_id, 6 bits.
  uint16_t frameNumber = 0;
};

struct DependencyDescriptor {
  // Mandatory fields.
  bool startOfFrame = false;
  bool endOfFrame = false;
  uint8_t templateId = 0;
  uint16_t frameNumber = 0;

  // Extended fields as the packet carried them (all false for a 3-byte descriptor).
  bool hasStructure = false;  // template_dependency_structure_present_flag
  bool activeDecodeTargetsPresent = false;
  bool customDtis = false;
  bool customFdiffs = false;
  bool customChains = false;
  // The active decode targets, bit i for target i: from the packet when it carries the mask,
  // all targets when it carries a structure without one; otherwise nothing (the receiver keeps
  // the last value it saw).
  std::optional<uint32_t> activeDecodeTargets;
  // Where the mask sits, in bits from the start (for RewriteActiveDecodeTargets()).
  uint16_t activeDecodeTargetsBitOffset = 0;

  // The frame, resolved against the structure (templates, possibly overridden by custom fields).
  uint8_t spatialId = 0;
  uint8_t temporalId = 0;
  uint8_t decodeTargetCount = 0;
  std::array<DecodeTargetIndication, kDdMaxDecodeTargets> dtis{};
  uint8_t fdiffCount = 0;
  std::array<uint16_t, kDdMaxFdiffs> fdiffs{};  // 1..4096 (custom fdiffs are up to 12 bits).
  uint8_t chainCount = 0;
  std::array<uint8_t, kDdMaxChains> chainFdiffs{};  // 0..255 (custom chains are 8 bits).
  std::optional<RenderResolution> resolution;       // When the structure has resolutions.

  // frame_number of the i-th referenced frame (modulo 2^16, A.8.3).
  uint16_t ReferencedFrame(size_t i) const {
    return static_cast<uint16_t>(frameNumber - fdiffs[i]);
  }

  friend bool operator==(const DependencyDescriptor& a, const DependencyDescriptor& b);
};

// Reads the 3 mandatory bytes alone (no structure needed).
std::optional<DependencyDescriptorMandatory> ParseDependencyDescriptorMandatory(
    base::ByteView data);

// The structure a packet carries. False if it carries none, or it is malformed or truncated;
// out is only written on success.
bool ParseDependencyStructure(base::ByteView data, DependencyStructure* out);

// Describes the packet's frame. latest is the structure in force (nullptr if none yet); when
// the packet carries its own structure, that one is used instead (check out->hasStructure and
// keep it with ParseDependencyStructure()). False when there is no structure to resolve
// against, the template id is not in it (e.g. the new structure's keyframe was lost), a value
// is past the capacities, or the data is truncated.
bool ParseDependencyDescriptor(base::ByteView data, const DependencyStructure* latest,
                               DependencyDescriptor* out);

// Writes descriptor d. structure is the one d refers to; it is written into the packet when
// d.hasStructure. Custom DTIs/fdiffs/chains are written from d when its flags say so (fdiffs
// with the smallest next_fdiff_size that holds them). Returns the size in bytes (at least 3),
// 0 if out is too small or d cannot be expressed against structure.
size_t SerializeDependencyDescriptor(const DependencyDescriptor& d,
                                     const DependencyStructure& structure,
                                     base::MutableByteView out);

// An SFU forwarding fewer layers rewrites active_decode_targets_bitmask. In place, this works
// when the packet already carries the mask (d parsed from data, d.activeDecodeTargetsPresent);
// otherwise re-serialize with activeDecodeTargetsPresent set. Bits past the decode target
// count are ignored.
bool RewriteActiveDecodeTargets(base::MutableByteView data, const DependencyDescriptor& d,
                                uint32_t mask);

}  // namespace weir::proto::rtp
