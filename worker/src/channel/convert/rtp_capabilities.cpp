#include "channel/convert/rtp_capabilities.hpp"

#include <string>

#include "absl/strings/str_format.h"
#include "channel/convert/codec_parameters.hpp"
#include "sfu/errors.hpp"

namespace weir::channel {

namespace {

sfu::MediaKind KindFromMimeType(const std::string& mimeType, std::string_view path) {
  if (mimeType.rfind("audio/", 0) == 0) return sfu::MediaKind::kAudio;
  if (mimeType.rfind("video/", 0) == 0) return sfu::MediaKind::kVideo;
  sfu::ThrowTypeError("%s.kind: missing (and mimeType '%s' does not tell)", path, mimeType);
}

sfu::RtpHeaderExtensionDirection FromFbs(fbs::RtpHeaderExtensionDirection direction,
                                         std::string_view path) {
  switch (direction) {
    case fbs::RtpHeaderExtensionDirection::sendrecv:
      return sfu::RtpHeaderExtensionDirection::kSendRecv;
    case fbs::RtpHeaderExtensionDirection::sendonly:
      return sfu::RtpHeaderExtensionDirection::kSendOnly;
    case fbs::RtpHeaderExtensionDirection::recvonly:
      return sfu::RtpHeaderExtensionDirection::kRecvOnly;
    case fbs::RtpHeaderExtensionDirection::inactive:
      return sfu::RtpHeaderExtensionDirection::kInactive;
  }
  sfu::ThrowTypeError("%s.direction: invalid value %d", path, static_cast<int>(direction));
}

fbs::RtpHeaderExtensionDirection ToFbs(sfu::RtpHeaderExtensionDirection direction) {
  switch (direction) {
    case sfu::RtpHeaderExtensionDirection::kSendRecv:
      return fbs::RtpHeaderExtensionDirection::sendrecv;
    case sfu::RtpHeaderExtensionDirection::kSendOnly:
      return fbs::RtpHeaderExtensionDirection::sendonly;
    case sfu::RtpHeaderExtensionDirection::kRecvOnly:
      return fbs::RtpHeaderExtensionDirection::recvonly;
    case sfu::RtpHeaderExtensionDirection::kInactive:
      return fbs::RtpHeaderExtensionDirection::inactive;
  }
  return fbs::RtpHeaderExtensionDirection::sendrecv;
}

}  // namespace

std::string RequiredString(const flatbuffers::String* s, std::string_view path, const char* field) {
  if (s == nullptr) sfu::ThrowTypeError("%s.%s: missing", path, field);
  return s->str();
}

uint8_t PayloadTypeFromFbs(uint8_t payloadType, std::string_view path, const char* field) {
  // RFC 3550 5.1: the payload type is 7 bits.
  if (payloadType > 127) {
    sfu::ThrowTypeError("%s.%s: %u is not a payload type (0-127)", path, field, payloadType);
  }
  return payloadType;
}

sfu::MediaKind FromFbs(fbs::MediaKind kind, std::string_view path) {
  switch (kind) {
    case fbs::MediaKind::audio:
      return sfu::MediaKind::kAudio;
    case fbs::MediaKind::video:
      return sfu::MediaKind::kVideo;
  }
  sfu::ThrowTypeError("%s.kind: invalid value %d", path, static_cast<int>(kind));
}

fbs::MediaKind ToFbs(sfu::MediaKind kind) {
  return kind == sfu::MediaKind::kAudio ? fbs::MediaKind::audio : fbs::MediaKind::video;
}

sfu::RtcpFeedback FromFbs(const fbs::RtcpFeedback& feedback, std::string_view path) {
  sfu::RtcpFeedback out;
  out.type = RequiredString(feedback.type(), path, "type");
  if (feedback.parameter() != nullptr) out.parameter = feedback.parameter()->str();
  return out;
}

std::vector<sfu::RtcpFeedback> FromFbs(
    const flatbuffers::Vector<flatbuffers::Offset<fbs::RtcpFeedback>>* feedback,
    std::string_view path) {
  std::vector<sfu::RtcpFeedback> out;
  if (feedback == nullptr) return out;
  for (flatbuffers::uoffset_t i = 0; i < feedback->size(); ++i) {
    out.push_back(FromFbs(*feedback->Get(i), absl::StrFormat("%s.rtcpFeedback[%d]", path, i)));
  }
  return out;
}

flatbuffers::Offset<fbs::RtcpFeedback> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                             const sfu::RtcpFeedback& feedback) {
  auto type = builder.CreateString(feedback.type);
  auto parameter = builder.CreateString(feedback.parameter);
  return fbs::CreateRtcpFeedback(builder, type, parameter);
}

sfu::RtpCodecCapability FromFbs(const fbs::RtpCodecCapability& codec, std::string_view path) {
  sfu::RtpCodecCapability out;
  out.mimeType = RequiredString(codec.mimeType(), path, "mimeType");
  out.kind = codec.kind() ? FromFbs(*codec.kind(), path) : KindFromMimeType(out.mimeType, path);
  if (codec.preferredPayloadType()) {
    out.preferredPayloadType =
        PayloadTypeFromFbs(*codec.preferredPayloadType(), path, "preferredPayloadType");
  }
  out.clockRate = codec.clockRate();
  if (codec.channels()) out.channels = *codec.channels();
  out.parameters = CodecParametersFromFbs(codec.parameters(), path);
  out.rtcpFeedback = FromFbs(codec.rtcpFeedback(), path);
  return out;
}

std::vector<sfu::RtpCodecCapability> FromFbs(
    const flatbuffers::Vector<flatbuffers::Offset<fbs::RtpCodecCapability>>* codecs,
    std::string_view path) {
  std::vector<sfu::RtpCodecCapability> out;
  if (codecs == nullptr) return out;
  for (flatbuffers::uoffset_t i = 0; i < codecs->size(); ++i) {
    out.push_back(FromFbs(*codecs->Get(i), absl::StrFormat("%s[%d]", path, i)));
  }
  return out;
}

flatbuffers::Offset<fbs::RtpCodecCapability> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                                   const sfu::RtpCodecCapability& codec) {
  auto mimeType = builder.CreateString(codec.mimeType);
  auto parameters = CodecParametersToFbs(builder, codec.parameters);
  std::vector<flatbuffers::Offset<fbs::RtcpFeedback>> feedback;
  for (const auto& fb : codec.rtcpFeedback)
    feedback.push_back(ToFbs(builder, fb));
  auto feedbackVector = builder.CreateVector(feedback);
  fbs::RtpCodecCapabilityBuilder b(builder);
  b.add_kind(ToFbs(codec.kind));
  b.add_mimeType(mimeType);
  if (codec.preferredPayloadType) b.add_preferredPayloadType(*codec.preferredPayloadType);
  b.add_clockRate(codec.clockRate);
  if (codec.channels) b.add_channels(*codec.channels);
  b.add_parameters(parameters);
  b.add_rtcpFeedback(feedbackVector);
  return b.Finish();
}

sfu::RtpHeaderExtensionCapability FromFbs(const fbs::RtpHeaderExtensionCapability& ext,
                                          std::string_view path) {
  sfu::RtpHeaderExtensionCapability out;
  if (!ext.kind()) sfu::ThrowTypeError("%s.kind: missing", path);
  out.kind = FromFbs(*ext.kind(), path);
  out.uri = RequiredString(ext.uri(), path, "uri");
  out.preferredId = ext.preferredId();
  out.preferredEncrypt = ext.preferredEncrypt();
  out.direction = FromFbs(ext.direction(), path);
  return out;
}

flatbuffers::Offset<fbs::RtpHeaderExtensionCapability> ToFbs(
    flatbuffers::FlatBufferBuilder& builder, const sfu::RtpHeaderExtensionCapability& ext) {
  auto uri = builder.CreateString(ext.uri);
  return fbs::CreateRtpHeaderExtensionCapability(builder, ToFbs(ext.kind), uri, ext.preferredId,
                                                 ext.preferredEncrypt, ToFbs(ext.direction));
}

sfu::RtpCapabilities FromFbs(const fbs::RtpCapabilities& caps, std::string_view path) {
  sfu::RtpCapabilities out;
  out.codecs = FromFbs(caps.codecs(), absl::StrFormat("%s.codecs", path));
  if (caps.headerExtensions() != nullptr) {
    for (flatbuffers::uoffset_t i = 0; i < caps.headerExtensions()->size(); ++i) {
      out.headerExtensions.push_back(FromFbs(*caps.headerExtensions()->Get(i),
                                             absl::StrFormat("%s.headerExtensions[%d]", path, i)));
    }
  }
  return out;
}

flatbuffers::Offset<fbs::RtpCapabilities> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                                const sfu::RtpCapabilities& caps) {
  std::vector<flatbuffers::Offset<fbs::RtpCodecCapability>> codecs;
  for (const auto& codec : caps.codecs)
    codecs.push_back(ToFbs(builder, codec));
  std::vector<flatbuffers::Offset<fbs::RtpHeaderExtensionCapability>> exts;
  for (const auto& ext : caps.headerExtensions)
    exts.push_back(ToFbs(builder, ext));
  return fbs::CreateRtpCapabilitiesDirect(builder, &codecs, &exts);
}

}  // namespace weir::channel
