#pragma once

// What the SFU learns about one media packet by looking into its payload once, at the producer,
// so that every consumer can decide without parsing it again: is it a keyframe, which layers,
// where frames begin. Only video codecs have anything to say; audio packets get the defaults.

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/bytes.hpp"

namespace weir::sfu {

enum class CodecKind : uint8_t { kOther, kOpus, kVp8, kVp9, kH264, kH265, kAv1 };

CodecKind CodecKindFromMimeType(std::string_view mimeType);

struct PacketInfo {
  bool isKeyFrame = false;
  bool beginOfFrame = false;
  std::optional<uint8_t> spatialLayer;
  std::optional<uint8_t> temporalLayer;
  bool layerSync = false;
  uint16_t width = 0;
  uint16_t height = 0;
  // Not from the payload: the producer saw the source restart its sequence and timestamps with
  // this packet, so consumers continue their output from here instead of following the jump.
  bool sourceRestarted = false;
};

// Inspects an RTP payload of the given codec; a payload that does not parse gives the defaults
// (the packet is still forwarded: the receiver's decoder has the last word).
PacketInfo InspectPayload(CodecKind codec, base::ByteView payload,
                          std::optional<base::ByteView> frameMarking = std::nullopt);

}  // namespace weir::sfu
