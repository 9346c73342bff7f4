#include "sfu/ortc/scalability_mode.hpp"

namespace weir::sfu::ortc {

namespace {

// One or two decimal digits, not starting with 0; advances `pos`.
std::optional<uint8_t> ParseLayerCount(std::string_view text, size_t& pos) {
  if (pos >= text.size() || text[pos] < '1' || text[pos] > '9') return std::nullopt;
  unsigned value = static_cast<unsigned>(text[pos++] - '0');
  if (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    value = value * 10 + static_cast<unsigned>(text[pos++] - '0');
  }
  return static_cast<uint8_t>(value);
}

}  // namespace

std::optional<ScalabilityMode> ParseScalabilityMode(std::string_view text) {
  ScalabilityMode mode;
  size_t pos = 0;
  if (text.empty() || (text[0] != 'L' && text[0] != 'S')) return std::nullopt;
  mode.simulcast = text[pos++] == 'S';
  auto spatial = ParseLayerCount(text, pos);
  if (!spatial || pos >= text.size() || text[pos++] != 'T') return std::nullopt;
  auto temporal = ParseLayerCount(text, pos);
  if (!temporal) return std::nullopt;
  mode.spatialLayers = *spatial;
  mode.temporalLayers = *temporal;
  std::string_view suffix = text.substr(pos);
  if (suffix == "_KEY" || suffix == "_KEY_SHIFT") {
    mode.ksvc = true;
  } else if (!suffix.empty() && suffix != "h") {
    return std::nullopt;
  }
  return mode;
}

}  // namespace weir::sfu::ortc
