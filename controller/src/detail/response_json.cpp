#include "detail/response_json.hpp"

#include <limits>

namespace weir::detail {

namespace {

const nlohmann::json& Null() {
  static const nlohmann::json kNull;
  return kNull;
}

// A non-negative integer (nlohmann keeps integers built in C++ as signed, parsed ones as
// unsigned); nothing for anything else.
std::optional<uint64_t> AsUint(const nlohmann::json& value) {
  if (value.is_number_unsigned()) return value.get<uint64_t>();
  if (value.is_number_integer() && value.get<int64_t>() >= 0) {
    return static_cast<uint64_t>(value.get<int64_t>());
  }
  return std::nullopt;
}

template <typename T>
T Narrow(uint64_t value) {
  return value > std::numeric_limits<T>::max() ? std::numeric_limits<T>::max()
                                               : static_cast<T>(value);
}

}  // namespace

const nlohmann::json& Member(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return Null();
  auto it = object.find(key);
  return it == object.end() ? Null() : *it;
}

std::string StringOf(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json& value = Member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

uint64_t UintOf(const nlohmann::json& object, std::string_view key) {
  return AsUint(Member(object, key)).value_or(0);
}

bool BoolOf(const nlohmann::json& object, std::string_view key, bool fallback) {
  const nlohmann::json& value = Member(object, key);
  return value.is_boolean() ? value.get<bool>() : fallback;
}

TransportTuple TupleFromJson(const nlohmann::json& json) {
  TransportTuple tuple;
  tuple.localAddress = StringOf(json, "localAddress");
  tuple.localPort = Narrow<uint16_t>(UintOf(json, "localPort"));
  tuple.remoteIp = StringOf(json, "remoteIp");
  tuple.remotePort = Narrow<uint16_t>(UintOf(json, "remotePort"));
  tuple.protocol = StringOf(json, "protocol") == "tcp" ? Protocol::kTcp : Protocol::kUdp;
  return tuple;
}

std::optional<TransportTuple> OptionalTupleFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return std::nullopt;
  return TupleFromJson(json);
}

std::optional<SrtpParameters> SrtpFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return std::nullopt;
  return SrtpParameters{StringOf(json, "cryptoSuite"), StringOf(json, "keyBase64")};
}

ProducerType ProducerTypeFromJson(const nlohmann::json& json) {
  std::string name = json.is_string() ? json.get<std::string>() : "";
  if (name == "simulcast") return ProducerType::kSimulcast;
  if (name == "svc") return ProducerType::kSvc;
  return ProducerType::kSimple;
}

ConsumerType ConsumerTypeFromJson(const nlohmann::json& json) {
  std::string name = json.is_string() ? json.get<std::string>() : "";
  if (name == "simulcast") return ConsumerType::kSimulcast;
  if (name == "svc") return ConsumerType::kSvc;
  if (name == "pipe") return ConsumerType::kPipe;
  return ConsumerType::kSimple;
}

MediaKind MediaKindFromJson(const nlohmann::json& json, MediaKind fallback) {
  if (!json.is_string()) return fallback;
  return ParseMediaKind(json.get<std::string>()).value_or(fallback);
}

ConsumerScore ConsumerScoreFromJson(const nlohmann::json& json) {
  ConsumerScore score;
  score.score = Narrow<uint8_t>(UintOf(json, "score"));
  score.producerScore = Narrow<uint8_t>(UintOf(json, "producerScore"));
  const nlohmann::json& scores = Member(json, "producerScores");
  if (scores.is_array()) {
    for (const nlohmann::json& entry : scores) {
      if (auto value = AsUint(entry)) score.producerScores.push_back(Narrow<uint8_t>(*value));
    }
  }
  return score;
}

std::vector<ProducerScore> ProducerScoresFromJson(const nlohmann::json& json) {
  std::vector<ProducerScore> out;
  const nlohmann::json& scores = Member(json, "scores");
  if (!scores.is_array()) return out;
  for (const nlohmann::json& entry : scores) {
    ProducerScore score;
    score.encodingIdx = Narrow<uint32_t>(UintOf(entry, "encodingIdx"));
    score.ssrc = Narrow<uint32_t>(UintOf(entry, "ssrc"));
    score.rid = StringOf(entry, "rid");
    score.score = Narrow<uint8_t>(UintOf(entry, "score"));
    out.push_back(std::move(score));
  }
  return out;
}

std::optional<ConsumerLayers> LayersFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return std::nullopt;
  ConsumerLayers layers;
  layers.spatialLayer = Narrow<uint8_t>(UintOf(json, "spatialLayer"));
  if (auto temporal = AsUint(Member(json, "temporalLayer"))) {
    layers.temporalLayer = Narrow<uint8_t>(*temporal);
  }
  return layers;
}

}  // namespace weir::detail
