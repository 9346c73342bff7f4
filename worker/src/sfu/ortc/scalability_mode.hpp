#pragma once

// W3C scalability modes ("L1T3", "S3T3", "L3T3_KEY", "L2T2h", ...;
// https://www.w3.org/TR/webrtc-svc/#scalabilitymodes*): spatial layers, temporal layers, and
// whether spatial layers are simulcast ('S') or SVC ('L') and key-frame dependent (_KEY).

#include <cstdint>
#include <optional>
#include <string_view>

namespace weir::sfu::ortc {

struct ScalabilityMode {
  uint8_t spatialLayers = 1;
  uint8_t temporalLayers = 1;
  bool simulcast = false;  // 'S' modes: independent spatial streams.
  bool ksvc =
      false;  // _KEY and _KEY_SHIFT: spatial layers depend on each other only on key frames.
  bool operator==(const ScalabilityMode&) const = default;
};

// [LS]<1-99>T<1-99> with an optional "h", "_KEY" or "_KEY_SHIFT" suffix; nothing otherwise.
std::optional<ScalabilityMode> ParseScalabilityMode(std::string_view text);

}  // namespace weir::sfu::ortc
