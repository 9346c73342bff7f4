#include "signal_params.hpp"

#include <string_view>

#include "absl/strings/str_cat.h"
#include "ids.hpp"
#include "text.hpp"

namespace weir::room {
namespace {

// Object ids the server hands out are UUIDs; anything longer than this is not one of them.
constexpr size_t kMaxObjectIdLength = 128;

absl::Status Invalid(std::string_view field, std::string_view what) {
  return absl::InvalidArgumentError(Concat({"data.", field, " ", what}));
}

absl::StatusOr<std::string> RequiredString(const nlohmann::json& data, std::string_view field,
                                           size_t maxLength) {
  auto it = data.find(field);
  if (it == data.end()) return Invalid(field, "is missing");
  if (!it->is_string()) return Invalid(field, "must be a string");
  const std::string& value = it->get_ref<const std::string&>();
  if (value.empty()) return Invalid(field, "must not be empty");
  if (value.size() > maxLength)
    return Invalid(field, Concat({"is longer than ", std::to_string(maxLength)}));
  return value;
}

absl::StatusOr<std::string> RequiredObjectId(const nlohmann::json& data, std::string_view field) {
  return RequiredString(data, field, kMaxObjectIdLength);
}

absl::StatusOr<nlohmann::json> RequiredObject(const nlohmann::json& data, std::string_view field) {
  auto it = data.find(field);
  if (it == data.end()) return Invalid(field, "is missing");
  if (!it->is_object()) return Invalid(field, "must be an object");
  return *it;
}

}  // namespace

absl::StatusOr<JoinParams> ParseJoinParams(const nlohmann::json& data) {
  JoinParams params;
  absl::StatusOr<std::string> roomId = RequiredString(data, "roomId", kMaxIdLength);
  if (!roomId.ok()) return roomId.status();
  if (!IsValidId(*roomId)) return Invalid("roomId", "must be 1-64 characters of [A-Za-z0-9_-]");
  params.roomId = *std::move(roomId);
  absl::StatusOr<std::string> name = RequiredString(data, "displayName", kMaxDisplayNameLength);
  if (!name.ok()) return name.status();
  params.displayName = *std::move(name);
  auto token = data.find("token");
  if (token != data.end() && !token->is_null()) {
    if (!token->is_string()) return Invalid("token", "must be a string");
    if (token->get_ref<const std::string&>().size() > 256) return Invalid("token", "is too long");
    params.token = token->get<std::string>();
  }
  return params;
}

absl::StatusOr<CreateTransportParams> ParseCreateTransportParams(const nlohmann::json& data) {
  auto it = data.find("direction");
  if (it == data.end()) return Invalid("direction", "is missing");
  if (it->is_string() && *it == "send") return CreateTransportParams{Direction::kSend};
  if (it->is_string() && *it == "recv") return CreateTransportParams{Direction::kRecv};
  return Invalid("direction", "must be \"send\" or \"recv\"");
}

absl::StatusOr<ConnectTransportParams> ParseConnectTransportParams(const nlohmann::json& data) {
  absl::StatusOr<std::string> id = RequiredObjectId(data, "transportId");
  if (!id.ok()) return id.status();
  absl::StatusOr<nlohmann::json> dtls = RequiredObject(data, "dtlsParameters");
  if (!dtls.ok()) return dtls.status();
  auto fingerprints = dtls->find("fingerprints");
  if (fingerprints == dtls->end() || !fingerprints->is_array() || fingerprints->empty()) {
    return Invalid("dtlsParameters.fingerprints", "must be a non-empty array");
  }
  return ConnectTransportParams{*std::move(id), *std::move(dtls)};
}

absl::StatusOr<RtpCapabilitiesParams> ParseRtpCapabilitiesParams(const nlohmann::json& data) {
  absl::StatusOr<nlohmann::json> caps = RequiredObject(data, "rtpCapabilities");
  if (!caps.ok()) return caps.status();
  auto codecs = caps->find("codecs");
  if (codecs == caps->end() || !codecs->is_array()) {
    return Invalid("rtpCapabilities.codecs", "must be an array");
  }
  return RtpCapabilitiesParams{*std::move(caps)};
}

absl::StatusOr<ProduceParams> ParseProduceParams(const nlohmann::json& data) {
  ProduceParams params;
  absl::StatusOr<std::string> id = RequiredObjectId(data, "transportId");
  if (!id.ok()) return id.status();
  params.transportId = *std::move(id);
  auto kind = data.find("kind");
  if (kind == data.end()) return Invalid("kind", "is missing");
  if (kind->is_string() && *kind == "audio") {
    params.kind = MediaKind::kAudio;
  } else if (kind->is_string() && *kind == "video") {
    params.kind = MediaKind::kVideo;
  } else {
    return Invalid("kind", "must be \"audio\" or \"video\"");
  }
  absl::StatusOr<nlohmann::json> rtp = RequiredObject(data, "rtpParameters");
  if (!rtp.ok()) return rtp.status();
  params.rtpParameters = *std::move(rtp);
  params.appData = nlohmann::json::object();
  auto appData = data.find("appData");
  if (appData != data.end() && !appData->is_null()) {
    if (!appData->is_object()) return Invalid("appData", "must be an object");
    auto source = appData->find("source");
    if (source != appData->end() && !source->is_string()) {
      return Invalid("appData.source", "must be a string");
    }
    if (appData->dump().size() > kMaxAppDataBytes) {
      return Invalid("appData",
                     Concat({"is larger than ", std::to_string(kMaxAppDataBytes), " bytes"}));
    }
    params.appData = *appData;
  }
  return params;
}

absl::StatusOr<ProducerIdParams> ParseProducerIdParams(const nlohmann::json& data) {
  absl::StatusOr<std::string> id = RequiredObjectId(data, "producerId");
  if (!id.ok()) return id.status();
  return ProducerIdParams{*std::move(id)};
}

absl::StatusOr<ConsumerIdParams> ParseConsumerIdParams(const nlohmann::json& data) {
  absl::StatusOr<std::string> id = RequiredObjectId(data, "consumerId");
  if (!id.ok()) return id.status();
  return ConsumerIdParams{*std::move(id)};
}

absl::StatusOr<TransportIdParams> ParseTransportIdParams(const nlohmann::json& data) {
  absl::StatusOr<std::string> id = RequiredObjectId(data, "transportId");
  if (!id.ok()) return id.status();
  return TransportIdParams{*std::move(id)};
}

}  // namespace weir::room
