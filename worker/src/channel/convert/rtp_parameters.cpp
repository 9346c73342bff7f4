#include "channel/convert/rtp_parameters.hpp"

#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "channel/convert/codec_parameters.hpp"
#include "channel/convert/rtp_capabilities.hpp"
#include "sfu/errors.hpp"

namespace weir::channel {

namespace {

// Each element of a vector field, converted and named "<path>.<field>[i]".
template <typename Out, typename In>
std::vector<Out> VectorFromFbs(const flatbuffers::Vector<flatbuffers::Offset<In>>* in,
                               std::string_view path, const char* field) {
  std::vector<Out> out;
  if (in == nullptr) return out;
  out.reserve(in->size());
  for (flatbuffers::uoffset_t i = 0; i < in->size(); ++i) {
    out.push_back(FromFbs(*in->Get(i), absl::StrFormat("%s.%s[%d]", path, field, i)));
  }
  return out;
}

template <typename Out, typename In>
flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<Out>>> VectorToFbs(
    flatbuffers::FlatBufferBuilder& builder, const std::vector<In>& in) {
  std::vector<flatbuffers::Offset<Out>> out;
  out.reserve(in.size());
  for (const auto& item : in)
    out.push_back(ToFbs(builder, item));
  return builder.CreateVector(out);
}

}  // namespace

sfu::RtpCodecParameters FromFbs(const fbs::RtpCodecParameters& codec, std::string_view path) {
  sfu::RtpCodecParameters out;
  out.mimeType = RequiredString(codec.mimeType(), path, "mimeType");
  out.payloadType = PayloadTypeFromFbs(codec.payloadType(), path, "payloadType");
  out.clockRate = codec.clockRate();
  if (codec.channels()) out.channels = *codec.channels();
  out.parameters = CodecParametersFromFbs(codec.parameters(), path);
  out.rtcpFeedback = FromFbs(codec.rtcpFeedback(), path);
  return out;
}

flatbuffers::Offset<fbs::RtpCodecParameters> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                                   const sfu::RtpCodecParameters& codec) {
  auto mimeType = builder.CreateString(codec.mimeType);
  auto parameters = CodecParametersToFbs(builder, codec.parameters);
  auto feedback = VectorToFbs<fbs::RtcpFeedback>(builder, codec.rtcpFeedback);
  fbs::RtpCodecParametersBuilder b(builder);
  b.add_mimeType(mimeType);
  b.add_payloadType(codec.payloadType);
  b.add_clockRate(codec.clockRate);
  if (codec.channels) b.add_channels(*codec.channels);
  b.add_parameters(parameters);
  b.add_rtcpFeedback(feedback);
  return b.Finish();
}

sfu::RtpHeaderExtensionParameters FromFbs(const fbs::RtpHeaderExtensionParameters& ext,
                                          std::string_view path) {
  sfu::RtpHeaderExtensionParameters out;
  out.uri = RequiredString(ext.uri(), path, "uri");
  out.id = ext.id();
  out.encrypt = ext.encrypt();
  out.parameters = CodecParametersFromFbs(ext.parameters(), path);
  return out;
}

flatbuffers::Offset<fbs::RtpHeaderExtensionParameters> ToFbs(
    flatbuffers::FlatBufferBuilder& builder, const sfu::RtpHeaderExtensionParameters& ext) {
  auto uri = builder.CreateString(ext.uri);
  auto parameters = CodecParametersToFbs(builder, ext.parameters);
  return fbs::CreateRtpHeaderExtensionParameters(builder, uri, ext.id, ext.encrypt, parameters);
}

sfu::RtpEncodingParameters FromFbs(const fbs::RtpEncodingParameters& encoding,
                                   std::string_view path) {
  sfu::RtpEncodingParameters out;
  if (encoding.ssrc()) out.ssrc = *encoding.ssrc();
  if (encoding.rid() != nullptr) out.rid = encoding.rid()->str();
  if (encoding.codecPayloadType()) {
    out.codecPayloadType =
        PayloadTypeFromFbs(*encoding.codecPayloadType(), path, "codecPayloadType");
  }
  if (encoding.rtx() != nullptr) out.rtx = sfu::RtxParameters{encoding.rtx()->ssrc()};
  out.dtx = encoding.dtx();
  if (encoding.scalabilityMode() != nullptr)
    out.scalabilityMode = encoding.scalabilityMode()->str();
  if (encoding.maxBitrate()) out.maxBitrate = *encoding.maxBitrate();
  return out;
}

flatbuffers::Offset<fbs::RtpEncodingParameters> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                                      const sfu::RtpEncodingParameters& encoding) {
  flatbuffers::Offset<flatbuffers::String> rid;
  if (encoding.rid) rid = builder.CreateString(*encoding.rid);
  flatbuffers::Offset<fbs::RtxParameters> rtx;
  if (encoding.rtx) rtx = fbs::CreateRtxParameters(builder, encoding.rtx->ssrc);
  flatbuffers::Offset<flatbuffers::String> scalabilityMode;
  if (encoding.scalabilityMode) scalabilityMode = builder.CreateString(*encoding.scalabilityMode);
  fbs::RtpEncodingParametersBuilder b(builder);
  if (encoding.ssrc) b.add_ssrc(*encoding.ssrc);
  b.add_rid(rid);
  if (encoding.codecPayloadType) b.add_codecPayloadType(*encoding.codecPayloadType);
  b.add_rtx(rtx);
  b.add_dtx(encoding.dtx);
  b.add_scalabilityMode(scalabilityMode);
  if (encoding.maxBitrate) b.add_maxBitrate(*encoding.maxBitrate);
  return b.Finish();
}

sfu::RtcpParameters FromFbs(const fbs::RtcpParameters& rtcp, std::string_view) {
  sfu::RtcpParameters out;
  if (rtcp.cname() != nullptr) out.cname = rtcp.cname()->str();
  out.reducedSize = rtcp.reducedSize();
  return out;
}

flatbuffers::Offset<fbs::RtcpParameters> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                               const sfu::RtcpParameters& rtcp) {
  flatbuffers::Offset<flatbuffers::String> cname;
  if (!rtcp.cname.empty()) cname = builder.CreateString(rtcp.cname);
  return fbs::CreateRtcpParameters(builder, cname, rtcp.reducedSize);
}

sfu::RtpParameters FromFbs(const fbs::RtpParameters& params, std::string_view path) {
  sfu::RtpParameters out;
  if (params.mid() != nullptr) out.mid = params.mid()->str();
  out.codecs = VectorFromFbs<sfu::RtpCodecParameters>(params.codecs(), path, "codecs");
  out.headerExtensions = VectorFromFbs<sfu::RtpHeaderExtensionParameters>(params.headerExtensions(),
                                                                          path, "headerExtensions");
  out.encodings = VectorFromFbs<sfu::RtpEncodingParameters>(params.encodings(), path, "encodings");
  if (params.rtcp() != nullptr) {
    out.rtcp = FromFbs(*params.rtcp(), absl::StrFormat("%s.rtcp", path));
  }
  return out;
}

flatbuffers::Offset<fbs::RtpParameters> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                              const sfu::RtpParameters& params) {
  flatbuffers::Offset<flatbuffers::String> mid;
  if (!params.mid.empty()) mid = builder.CreateString(params.mid);
  auto codecs = VectorToFbs<fbs::RtpCodecParameters>(builder, params.codecs);
  auto exts = VectorToFbs<fbs::RtpHeaderExtensionParameters>(builder, params.headerExtensions);
  auto encodings = VectorToFbs<fbs::RtpEncodingParameters>(builder, params.encodings);
  auto rtcp = ToFbs(builder, params.rtcp);
  return fbs::CreateRtpParameters(builder, mid, codecs, exts, encodings, rtcp);
}

}  // namespace weir::channel
