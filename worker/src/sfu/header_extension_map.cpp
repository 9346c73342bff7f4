#include "sfu/header_extension_map.hpp"

#include <utility>

#include "proto/rtp/extensions/extension_uris.hpp"

namespace weir::sfu {

namespace {
namespace uris = proto::rtp::extensions;
}

ExtensionIds ExtensionIds::From(const std::vector<RtpHeaderExtensionParameters>& extensions) {
  ExtensionIds ids;
  for (const auto& e : extensions) {
    if (e.uri == uris::kMidUri)
      ids.mid = e.id;
    else if (e.uri == uris::kRidUri)
      ids.rid = e.id;
    else if (e.uri == uris::kRepairedRidUri)
      ids.repairedRid = e.id;
    else if (e.uri == uris::kAbsSendTimeUri)
      ids.absSendTime = e.id;
    else if (e.uri == uris::kTransportWideCcUri)
      ids.transportWideCc = e.id;
    else if (e.uri == uris::kAudioLevelUri)
      ids.audioLevel = e.id;
    else if (e.uri == uris::kVideoOrientationUri)
      ids.videoOrientation = e.id;
    else if (e.uri == uris::kFrameMarkingUri)
      ids.frameMarking = e.id;
    else if (e.uri == uris::kDependencyDescriptorUri)
      ids.dependencyDescriptor = e.id;
    else if (e.uri == uris::kAbsCaptureTimeUri)
      ids.absCaptureTime = e.id;
  }
  return ids;
}

HeaderExtensionMap::HeaderExtensionMap(const std::vector<RtpHeaderExtensionParameters>& producer,
                                       const std::vector<RtpHeaderExtensionParameters>& router) {
  for (const auto& p : producer) {
    for (const auto& r : router) {
      if (p.uri == r.uri) {
        map_[p.id] = r.id;
        break;
      }
    }
    if (map_[p.id] != p.id) identity_ = false;
  }
}

bool HeaderExtensionMap::Apply(proto::rtp::RtpPacket& packet) const {
  if (identity_ || packet.extension_count() == 0) {
    // Same ids: only elements the producer did not declare could remain; leave them, receivers
    // ignore ids they did not negotiate.
    return true;
  }
  // Copy the values out (they live in the packet), drop every element, then re-add mapped.
  struct Element {
    uint8_t id;
    uint8_t size;
    std::array<uint8_t, 255> value;
  };
  std::array<Element, proto::rtp::RtpPacket::kMaxExtensions> kept;
  size_t count = 0;
  for (size_t i = 0; i < packet.extension_count(); ++i) {
    auto element = packet.ExtensionAt(i);
    uint8_t to = map_[element.id];
    if (to == 0 || element.value.size() > 255) continue;
    kept[count].id = to;
    kept[count].size = static_cast<uint8_t>(element.value.size());
    std::copy(element.value.begin(), element.value.end(), kept[count].value.begin());
    ++count;
  }
  while (packet.extension_count() > 0) {
    if (!packet.RemoveExtension(packet.ExtensionAt(0).id)) return false;
  }
  for (size_t i = 0; i < count; ++i) {
    if (!packet.SetExtension(kept[i].id, base::ByteView(kept[i].value.data(), kept[i].size))) {
      return false;
    }
  }
  return true;
}

}  // namespace weir::sfu
