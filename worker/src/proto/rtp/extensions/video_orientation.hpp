#pragma once

// Coordination of video orientation, CVO (3GPP TS 26.114 7.4.5, urn:3gpp:video-orientation):
// one byte 0 0 0 0 C F R1 R0. C: 0 front-facing camera, 1 back-facing. F: 1 when the image is
// flipped horizontally. R1 R0: the rotation the receiver applies before display, in steps of
// 90 degrees. The four high bits are reserved (sent as 0, ignored on receipt).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace weir::proto::rtp::extensions {

enum class VideoRotation : uint8_t { k0 = 0, k90 = 1, k180 = 2, k270 = 3 };

struct VideoOrientation {
  static constexpr size_t kSize = 1;

  bool backCamera = false;
  bool flip = false;
  VideoRotation rotation = VideoRotation::k0;

  int degrees() const { return 90 * static_cast<int>(rotation); }

  static std::optional<VideoOrientation> Parse(base::ByteView data) {
    if (data.size() != kSize) return std::nullopt;
    return VideoOrientation{(data[0] & 0x08) != 0, (data[0] & 0x04) != 0,
                            static_cast<VideoRotation>(data[0] & 0x03)};
  }
  // Returns kSize, or 0 when `out` is too small.
  size_t Write(base::MutableByteView out) const {
    if (out.size() < kSize) return 0;
    out[0] = Serialize()[0];
    return kSize;
  }
  std::array<uint8_t, kSize> Serialize() const {
    return {static_cast<uint8_t>((backCamera ? 0x08 : 0) | (flip ? 0x04 : 0) |
                                 (static_cast<uint8_t>(rotation) & 0x03))};
  }
  bool operator==(const VideoOrientation&) const = default;
};

}  // namespace weir::proto::rtp::extensions
