#pragma once

// FromFbs/ToFbs for the WebRTC transport types (channel-schema/webrtc_transport.fbs).

#include <string_view>

#include "flatbuffers/flatbuffers.h"
#include "sfu/webrtc_server.hpp"
#include "sfu/webrtc_transport.hpp"
#include "weir/fbs/webrtc_transport_generated.h"

namespace weir::channel {

sfu::DtlsParameters FromFbs(const fbs::DtlsParameters& params, std::string_view path);
flatbuffers::Offset<fbs::DtlsParameters> ToFbs(flatbuffers::FlatBufferBuilder& b,
                                               const sfu::DtlsParameters& params);
std::string_view DtlsRoleName(sfu::DtlsRoleParam role);
flatbuffers::Offset<fbs::IceParameters> ToFbs(flatbuffers::FlatBufferBuilder& b,
                                              const sfu::IceParameters& params);
flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fbs::IceCandidate>>> ToFbs(
    flatbuffers::FlatBufferBuilder& b, const std::vector<sfu::IceCandidate>& candidates);
flatbuffers::Offset<fbs::WebRtcTransportData> WebRtcDataToFbs(flatbuffers::FlatBufferBuilder& b,
                                                              sfu::WebRtcTransport& transport);
flatbuffers::Offset<fbs::WebRtcServerDump> DumpWebRtcServer(flatbuffers::FlatBufferBuilder& b,
                                                            sfu::WebRtcServer& server);

}  // namespace weir::channel
