#include "sfu/packet_info.hpp"

#include "absl/strings/match.h"
#include "proto/codecs/av1_payload_descriptor.hpp"
#include "proto/codecs/h264_payload_descriptor.hpp"
#include "proto/codecs/h265_payload_descriptor.hpp"
#include "proto/codecs/vp8_payload_descriptor.hpp"
#include "proto/codecs/vp9_payload_descriptor.hpp"

namespace weir::sfu {

namespace {

void CopyCommon(const proto::codecs::PayloadDescriptor& d, PacketInfo& info) {
  info.isKeyFrame = d.isKeyFrame;
  info.beginOfFrame = d.beginOfFrame;
  info.spatialLayer = d.spatialLayerId;
  info.temporalLayer = d.temporalLayerId;
  info.layerSync = d.layerSync;
  info.width = d.width;
  info.height = d.height;
}

}  // namespace

CodecKind CodecKindFromMimeType(std::string_view mimeType) {
  absl::string_view m(mimeType.data(), mimeType.size());
  if (absl::EqualsIgnoreCase(m, "audio/opus")) return CodecKind::kOpus;
  if (absl::EqualsIgnoreCase(m, "video/VP8")) return CodecKind::kVp8;
  if (absl::EqualsIgnoreCase(m, "video/VP9")) return CodecKind::kVp9;
  if (absl::EqualsIgnoreCase(m, "video/H264")) return CodecKind::kH264;
  if (absl::EqualsIgnoreCase(m, "video/H265")) return CodecKind::kH265;
  if (absl::EqualsIgnoreCase(m, "video/AV1")) return CodecKind::kAv1;
  return CodecKind::kOther;
}

PacketInfo InspectPayload(CodecKind codec, base::ByteView payload,
                          std::optional<base::ByteView> frameMarking) {
  using namespace proto::codecs;
  PacketInfo info;
  base::ByteView marking = frameMarking.value_or(base::ByteView());
  switch (codec) {
    case CodecKind::kVp8:
      if (auto d = Vp8PayloadDescriptor::Parse(payload)) CopyCommon(*d, info);
      break;
    case CodecKind::kVp9:
      if (auto d = Vp9PayloadDescriptor::Parse(payload)) CopyCommon(*d, info);
      break;
    case CodecKind::kH264:
      if (auto d = H264PayloadDescriptor::Parse(payload, marking)) CopyCommon(*d, info);
      break;
    case CodecKind::kH265:
      if (auto d = H265PayloadDescriptor::Parse(payload, marking)) CopyCommon(*d, info);
      break;
    case CodecKind::kAv1:
      if (auto d = Av1PayloadDescriptor::Parse(payload)) CopyCommon(*d, info);
      break;
    case CodecKind::kOpus:
    case CodecKind::kOther:
      break;
  }
  return info;
}

}  // namespace weir::sfu
