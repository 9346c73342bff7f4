#include "channel/convert/webrtc.hpp"

#include "absl/strings/str_format.h"
#include "channel/convert/transport.hpp"
#include "engine/ice/ice_event.hpp"
#include "sfu/errors.hpp"

namespace weir::channel {

using Builder = flatbuffers::FlatBufferBuilder;

sfu::DtlsParameters FromFbs(const fbs::DtlsParameters& params, std::string_view path) {
  sfu::DtlsParameters out;
  std::string_view role = params.role() ? params.role()->string_view() : "auto";
  if (role == "auto") {
    out.role = sfu::DtlsRoleParam::kAuto;
  } else if (role == "client") {
    out.role = sfu::DtlsRoleParam::kClient;
  } else if (role == "server") {
    out.role = sfu::DtlsRoleParam::kServer;
  } else {
    sfu::ThrowTypeError("%s.role: '%s' is not auto, client or server", path, role);
  }
  for (const auto* fp : *params.fingerprints()) {
    out.fingerprints.push_back({fp->algorithm()->str(), fp->value()->str()});
  }
  if (out.fingerprints.empty()) sfu::ThrowTypeError("%s.fingerprints: empty", path);
  return out;
}

std::string_view DtlsRoleName(sfu::DtlsRoleParam role) {
  switch (role) {
    case sfu::DtlsRoleParam::kAuto:
      return "auto";
    case sfu::DtlsRoleParam::kClient:
      return "client";
    case sfu::DtlsRoleParam::kServer:
      return "server";
  }
  return "auto";
}

flatbuffers::Offset<fbs::DtlsParameters> ToFbs(Builder& b, const sfu::DtlsParameters& params) {
  std::vector<flatbuffers::Offset<fbs::DtlsFingerprint>> fingerprints;
  for (const auto& fp : params.fingerprints) {
    fingerprints.push_back(
        fbs::CreateDtlsFingerprintDirect(b, fp.algorithm.c_str(), fp.value.c_str()));
  }
  return fbs::CreateDtlsParametersDirect(b, std::string(DtlsRoleName(params.role)).c_str(),
                                         &fingerprints);
}

flatbuffers::Offset<fbs::IceParameters> ToFbs(Builder& b, const sfu::IceParameters& params) {
  return fbs::CreateIceParametersDirect(b, params.usernameFragment.c_str(), params.password.c_str(),
                                        params.iceLite);
}

flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fbs::IceCandidate>>> ToFbs(
    Builder& b, const std::vector<sfu::IceCandidate>& candidates) {
  std::vector<flatbuffers::Offset<fbs::IceCandidate>> out;
  for (const auto& c : candidates) {
    bool tcp = c.protocol == sfu::TransportProtocol::kTcp;
    out.push_back(fbs::CreateIceCandidateDirect(
        b, c.foundation.c_str(), c.priority, c.address.c_str(), c.address.c_str(),
        tcp ? fbs::Protocol::tcp : fbs::Protocol::udp, c.port, "host", tcp ? "passive" : nullptr));
  }
  return b.CreateVector(out);
}

flatbuffers::Offset<fbs::WebRtcTransportData> WebRtcDataToFbs(Builder& b,
                                                              sfu::WebRtcTransport& transport) {
  auto iceRole = b.CreateString("controlled");
  auto iceParameters = ToFbs(b, transport.iceParameters());
  auto candidates = ToFbs(b, transport.iceCandidates());
  auto iceState = b.CreateString(std::string(engine::ToString(transport.iceState())));
  auto selected = transport.iceSelectedTuple();
  auto selectedOffset = selected ? ToFbs(b, *selected) : 0;
  auto dtls = ToFbs(b, transport.localDtlsParameters());
  auto dtlsState = b.CreateString(std::string(engine::DtlsStateName(transport.dtlsState())));
  const auto& stats = transport.iceStats();
  fbs::WebRtcTransportDataBuilder data(b);
  data.add_iceRole(iceRole);
  data.add_iceParameters(iceParameters);
  data.add_iceCandidates(candidates);
  data.add_iceState(iceState);
  if (!selectedOffset.IsNull()) data.add_iceSelectedTuple(selectedOffset);
  data.add_dtlsParameters(dtls);
  data.add_dtlsState(dtlsState);
  data.add_iceValidChecks(stats.validChecks);
  data.add_iceBadIntegrity(stats.badIntegrity);
  data.add_iceWrongUsername(stats.wrongUsername);
  data.add_iceMissingAttributes(stats.missingCredentials + stats.missingPriority);
  data.add_iceRoleConflicts(stats.roleConflicts);
  return data.Finish();
}

flatbuffers::Offset<fbs::WebRtcServerDump> DumpWebRtcServer(Builder& b, sfu::WebRtcServer& server) {
  auto id = b.CreateString(server.id());
  auto candidates = ToFbs(b, server.candidates());
  auto transports = b.CreateVectorOfStrings(server.TransportIds());
  std::vector<flatbuffers::Offset<fbs::StringPair>> ufrags;
  for (const auto& [ufrag, transportId] : server.UfragTable()) {
    ufrags.push_back(fbs::CreateStringPairDirect(b, ufrag.c_str(), transportId.c_str()));
  }
  auto ufragVector = b.CreateVector(ufrags);
  return fbs::CreateWebRtcServerDump(b, id, candidates, transports, ufragVector,
                                     static_cast<uint32_t>(server.tuple_count()),
                                     server.unmatched_packets());
}

}  // namespace weir::channel
